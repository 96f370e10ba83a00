// Web page benchmarks of the partner's journey (issue 14, 17.6): each page's server time against
// the JSON API calls that return the same data. Format: test/bench/web-pages/<area>.js (HELPERS.md).

/** The partner's first award that has reporting periods, and its latest period, looked up through the API (demo or bench data alike). */
async function csp(ctx) {
  const { items } = await ctx.api('partner', '/api/awards?pageSize=100');
  for (const award of items) {
    const periods = await ctx.api('partner', `/api/awards/${award.id}/reporting-periods`);
    const list = Array.isArray(periods) ? periods : periods.items ?? periods.periods ?? [];
    if (list.length) return { award, period: list[list.length - 1] };
  }
  throw new Error('the partner has no award with reporting periods');
}

export default [
  {
    name: 'partner home (what the organisation owes)',
    role: 'partner',
    page: async () => '/',
    // Obligations, the awards list, and each award's payments (as the page reads them).
    api: async (ctx) => {
      const { items } = await ctx.api('partner', '/api/awards?pageSize=100');
      return ['/api/obligations', '/api/awards?pageSize=100', ...items.map((a) => `/api/awards/${a.id}/payments`)];
    },
  },
  {
    name: 'partner award page',
    role: 'partner',
    page: async (ctx) => `/awards/${(await csp(ctx)).award.id}`,
    api: async (ctx) => [`/api/awards/${(await csp(ctx)).award.id}`],
  },
  {
    name: 'partner monitoring return (task list)',
    role: 'partner',
    page: async (ctx) => `/reporting-periods/${(await csp(ctx)).period.id}/return`,
    api: async (ctx) => {
      const { award, period } = await csp(ctx);
      return [`/api/reporting-periods/${period.id}/return`, `/api/awards/${award.id}`, `/api/awards/${award.id}/targets`, `/api/awards/${award.id}/payments`, `/api/reporting-periods/${period.id}/return/documents`];
    },
  },
];
