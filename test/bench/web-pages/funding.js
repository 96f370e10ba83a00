// Money's web pages (issue 15, items 2, 3 and 7) for the web page benchmark (issue 17.6): each
// page beside the JSON API calls that give the same data. `ctx.api(role, path)` answers parsed JSON.

/** The demo's first stream of 2024/25 (the victims' services streams), and an award of it. */
async function stream(ctx) {
  const page = await ctx.api('commissioner', '/api/funding-streams?financialYear=2024/25&pageSize=100');
  return page.items[0];
}
async function awardOf(ctx) {
  const s = await stream(ctx);
  const page = await ctx.api('commissioner', `/api/awards?fundingStreamId=${s.id}&pageSize=1`);
  return page.items[0];
}

export default [
  {
    name: 'money (sources and streams)',
    role: 'commissioner',
    page: async () => '/funding',
    api: async () => ['/api/funding-sources?pageSize=100', '/api/funding-streams?pageSize=100', '/api/organisations?pageSize=100'],
  },
  {
    name: 'stream page',
    role: 'commissioner',
    page: async (ctx) => `/funding/streams/${(await stream(ctx)).id}`,
    api: async (ctx) => {
      const s = await stream(ctx);
      return [
        `/api/funding-streams/${s.id}`,
        `/api/awards?fundingStreamId=${s.id}&pageSize=100`,
        `/api/funding-streams/${s.id}/condition-templates`,
        `/api/funding-streams/${s.id}/reminder-policy`,
        `/api/outcome-frameworks?fundingStreamId=${s.id}&pageSize=100`,
        `/api/funding-sources?financialYear=${encodeURIComponent(s.financialYear)}&pageSize=100`,
      ];
    },
  },
  {
    name: 'award conditions section',
    role: 'commissioner',
    page: async (ctx) => `/awards/${(await awardOf(ctx)).id}/conditions`,
    api: async (ctx) => {
      const id = (await awardOf(ctx)).id;
      return [`/api/awards/${id}`, `/api/awards/${id}/conditions`, `/api/awards/${id}/documents?parentKind=condition`];
    },
  },
];
