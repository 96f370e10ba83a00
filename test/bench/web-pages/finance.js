// Finance's web pages (issue 16, items 1-5) for the web page benchmark (issue 17.6): each page
// beside the JSON API calls that give the same data. `ctx.api(role, path)` answers parsed JSON.

/** The first award of the demo with a reference, and the first 2024/25 stream. */
async function caresAward(ctx) {
  const page = await ctx.api('finance', '/api/awards?pageSize=100');
  return page.items.find((a) => a.reference === 'CHES-VS-2425-01') ?? page.items[0];
}
async function victimsStream(ctx) {
  const page = await ctx.api('finance', '/api/funding-streams?financialYear=2024/25&pageSize=100');
  return page.items[0];
}
async function latestRun(ctx) {
  const page = await ctx.api('finance', '/api/reconciliation-runs?pageSize=1');
  return page.items[0];
}

export default [
  { name: 'finance home', role: 'finance', page: async () => '/', api: async () => ['/api/reconciliation-runs?pageSize=1', '/api/funding-streams?pageSize=100'] },
  { name: 'payments queue (to approve)', role: 'finance', page: async () => '/payments?tab=to-approve', api: async () => ['/api/funding-streams?pageSize=100'] },
  { name: 'payments queue (held)', role: 'finance', page: async () => '/payments?tab=held', api: async () => ['/api/funding-streams?pageSize=100'] },
  {
    name: 'award payments section',
    role: 'finance',
    page: async (ctx) => `/awards/${(await caresAward(ctx)).id}/payments`,
    api: async (ctx) => {
      const id = (await caresAward(ctx)).id;
      return [`/api/awards/${id}`, `/api/awards/${id}/payments`];
    },
  },
  { name: 'reconciliation runs', role: 'finance', page: async () => '/reconciliation', api: async () => ['/api/reconciliation-runs?pageSize=20', '/api/funding-streams?pageSize=100'] },
  {
    name: 'reconciliation run',
    role: 'finance',
    // Without a run there is no run page: it was timed as the runs list against only the runs
    // call (without the streams the list's form shows), a 26x that measured nothing real.
    page: async (ctx) => {
      const run = await latestRun(ctx);
      if (!run) throw new Error('no reconciliation run in this data set (the bench data has none; the demo has)');
      return `/reconciliation/${run.id}`;
    },
    api: async (ctx) => [`/api/reconciliation-runs/${(await latestRun(ctx)).id}?pageSize=200`],
  },
  { name: 'year-end streams', role: 'finance', page: async () => '/year-end', api: async () => ['/api/funding-streams?pageSize=100'] },
  {
    name: 'year-end task list',
    role: 'finance',
    page: async (ctx) => `/year-end/${(await victimsStream(ctx)).id}`,
    api: async (ctx) => [`/api/funding-streams/${(await victimsStream(ctx)).id}/year-end`],
  },
  { name: 'finance report', role: 'finance', page: async () => '/finance-report?year=2024/25', api: async () => ['/api/reports/finance?financialYear=2024/25'] },
];
