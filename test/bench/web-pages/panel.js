// Panel and administration pages against the JSON API for the same data (issue 17.6).
// 2024/25: a year both the demo and the bench data hold committed awards in. 2014/15 is not in the
// bench data, so its pages were empty and publishing it was a 404 (a 360Giving package, and
// so its quality checks, needs at least one grant: Giving360Service.quality).
const YEAR = '2024/25';
const slug = YEAR.replace('/', '-');
const q = `financialYear=${encodeURIComponent(YEAR)}`;

export default [
  // The page lists every year that has a funding stream, each with whether it is published; the
  // API has no list of years, so a client reads the publications and every stream (pages of 200,
  // as the finance home's pair does). Until round 5 the API side was the publications alone.
  {
    name: 'panel home',
    role: 'viewer',
    page: async () => '/',
    api: async (ctx) => {
      const { total } = await ctx.api('viewer', '/api/funding-streams?pageSize=1');
      return ['/api/grants-publications', ...Array.from({ length: Math.max(1, Math.ceil(total / 200)) }, (_, i) => `/api/funding-streams?pageSize=200&page=${i + 1}`)];
    },
  },
  // The page is the first 100 grants with the year's count and total: the API's same page (round 5).
  { name: 'panel grants table', role: 'viewer', page: async () => `/panel/years/${slug}/grants`, api: async () => [`/api/reports/grants?${q}&page=1&pageSize=100`] },
  { name: 'panel finance', role: 'commissioner', page: async () => `/panel/years/${slug}/finance`, api: async () => [`/api/reports/finance?${q}`] },
  { name: 'panel outcomes', role: 'viewer', page: async () => `/panel/years/${slug}/outcomes`, api: async () => [`/api/reports/outcomes?${q}`] },
  { name: 'panel returns', role: 'viewer', page: async () => `/panel/years/${slug}/returns`, api: async () => [`/api/reports/returns?${q}`] },
  { name: 'panel reconciliation', role: 'commissioner', page: async () => `/panel/years/${slug}/reconciliation`, api: async () => [`/api/reconciliation-runs?${q}`] },
  {
    name: 'panel pack',
    // The API refuses viewers its finance and reconciliation reports: compared as a commissioner.
    role: 'commissioner',
    page: async () => `/panel/years/${slug}/pack`,
    api: async () => [`/api/reports/grants?${q}`, `/api/reports/finance?${q}`, `/api/reports/outcomes?${q}`, `/api/reports/returns?${q}`, `/api/reconciliation-runs?${q}`],
  },
  {
    name: 'grant audit trail',
    role: 'commissioner',
    page: async (ctx) => `/panel/awards/${(await ctx.api('commissioner', `/api/reports/grants?${q}`)).rows[0].awardId}/audit`,
    // The page heads the trail with the award (reference, title, recipient): the API client reads it too.
    api: async (ctx) => {
      const awardId = (await ctx.api('commissioner', `/api/reports/grants?${q}`)).rows[0].awardId;
      return [`/api/audit?entityType=award&entityId=${awardId}`, `/api/awards/${awardId}`];
    },
  },
  { name: 'admin users', role: 'admin', page: async () => '/admin/users', api: async () => ['/api/users'] },
  { name: 'admin organisations', role: 'admin', page: async () => '/admin/organisations', api: async () => ['/api/organisations'] },
  { name: 'admin bank holidays', role: 'admin', page: async () => '/admin/bank-holidays?year=2026', api: async () => ['/api/calendar/bank-holidays?year=2026'] },
  { name: 'admin publish a year', role: 'admin', page: async () => `/admin/publishing/${slug}`, api: async () => [`/api/exports/360giving/quality?${q}`] },
];
