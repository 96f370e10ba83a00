/**
 * The awards area's pages for the web page benchmark (issue 17.6): each page beside the JSON API
 * calls that return the same data. `ctx.api(role, path)` reads the demo data to find ids.
 */
const firstAward = async (ctx) => (await ctx.api('commissioner', '/api/awards?page=1&pageSize=1')).items[0].id;

export default [
  {
    name: 'awards list',
    role: 'commissioner',
    page: async () => '/awards',
    api: async () => ['/api/awards?page=1&pageSize=25'],
  },
  // A year the bench data has, filtered as below but not sorted: like with like, as the API
  // cannot sort (round 5).
  {
    name: 'awards list, filtered',
    role: 'commissioner',
    page: async () => '/awards?year=2025/26&status=active',
    api: async () => ['/api/awards?financialYear=2025/26&status=active&page=1&pageSize=25'],
  },
  // The same year (2014/15, the demo's year, matched no award: an empty table), sorted. The
  // API cannot sort, so its list is in creation order; the page sorts the same rows by amount
  // (through award_amount_idx since round 5: no longer a sort of the year's 4,698 active awards).
  // 'awards list, filtered' above is the like-with-like comparison.
  // Neither side counts the filters' choices (stream ids and names): the API's only way to them,
  // /api/funding-streams, sums every stream's totals, which the page does not read.
  {
    name: 'awards list, filtered and sorted',
    role: 'commissioner',
    page: async () => '/awards?year=2025/26&status=active&sort=amount&order=descending',
    api: async () => ['/api/awards?financialYear=2025/26&status=active&page=1&pageSize=25'],
  },
  {
    name: 'award overview',
    role: 'commissioner',
    page: async (ctx) => `/awards/${await firstAward(ctx)}`,
    api: async (ctx) => [`/api/awards/${await firstAward(ctx)}`],
  },
  {
    name: 'award overview (partner)',
    role: 'partner',
    page: async (ctx) => `/awards/${(await ctx.api('partner', '/api/awards?page=1&pageSize=1')).items[0].id}`,
    api: async (ctx) => [`/api/awards/${(await ctx.api('partner', '/api/awards?page=1&pageSize=1')).items[0].id}`],
  },
];
