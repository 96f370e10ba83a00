// The commissioning officer's monitoring pages against the JSON API for the same data (issue 17.6).
// Format: HELPERS.md (`ctx.api(role, path)` returns parsed JSON, to find ids in the demo data).

/** The first reporting period of the demo's victims' services awards that has a submitted version. */
async function reviewedPeriod(ctx) {
  const awards = await ctx.api('commissioner', '/api/awards?financialYear=2024%2F25&pageSize=50');
  for (const award of awards.items) {
    const periods = await ctx.api('commissioner', `/api/awards/${award.id}/reporting-periods`);
    const done = (Array.isArray(periods) ? periods : periods.items ?? []).find((p) => ['submitted', 'accepted', 'revision_requested'].includes(p.status));
    if (done) return done.id;
  }
  throw new Error('no reviewed period in the demo data');
}

export default [
  {
    name: 'My work (officer home)',
    role: 'commissioner',
    page: async () => '/',
    api: async () => ['/api/reports/returns?financialYear=2024%2F25', '/api/reminders/undeliverable', '/api/awards?status=draft'],
  },
  {
    name: 'Return review',
    role: 'commissioner',
    page: async (ctx) => `/reporting-periods/${await reviewedPeriod(ctx)}/review`,
    // The page shows the return beside its award (reference, recipient, title, amount) and the
    // award's targets: the API gives those in three reads.
    api: async (ctx) => {
      const id = await reviewedPeriod(ctx);
      const { awardId } = await ctx.api('commissioner', `/api/reporting-periods/${id}/return`);
      return [`/api/reporting-periods/${id}/return`, `/api/awards/${awardId}`, `/api/awards/${awardId}/targets`];
    },
  },
  {
    name: 'Outcomes against targets report',
    role: 'commissioner',
    page: async () => '/reports/outcomes?year=2024%2F25',
    api: async () => ['/api/reports/outcomes?financialYear=2024%2F25'],
  },
  // The page shows 100 of the year's 2,469 grants with the year's count and total (issue 15,
  // round 5): compared with the API's same page of the same rows (it pages on request since then;
  // unpaged it is the whole year, as the CSV is).
  {
    name: 'Grants table report',
    role: 'commissioner',
    page: async () => '/reports/grants?year=2024%2F25',
    api: async () => ['/api/reports/grants?financialYear=2024%2F25&page=1&pageSize=100'],
  },
];
