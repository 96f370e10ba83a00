// Finance's web pages (issue 16, items 1-5) for the web page benchmark (issue 17.6): each page
// beside the JSON API calls that give the same data. `ctx.api(role, path)` answers parsed JSON.
//
// What the API cannot give: it has no payments list across awards, so the home's and the queue's
// payment lists and tab counts have no API call beside them (the queue's API side is the stream
// filter's list only); the finance report's per-award paid and spend likewise (the API's report is
// per stream: a stream's awards are compared with the report and that stream's award list).
// Those ratios compare the page with less than it shows.
import pg from 'pg';
import { createBenchContext, clearBenchQueues } from '../lib/app.js';
import { AS_OF, MAIN_FY } from '../lib/dataset-plan.js';

/** The first award of the demo with a reference, and the first 2024/25 stream. */
async function caresAward(ctx) {
  const page = await ctx.api('finance', '/api/awards?pageSize=100');
  return page.items.find((a) => a.reference === 'CHES-VS-2425-01') ?? page.items[0];
}
async function victimsStream(ctx) {
  const page = await ctx.api('finance', '/api/funding-streams?financialYear=2024/25&pageSize=100');
  return page.items[0];
}
/**
 * Every stream, as a client reads them (pages of 200, the API's largest): the home and the
 * year-end page list every stream's year-end status and the queue's filter names every stream;
 * one page of 100 was a quarter of the bench's 387.
 */
async function allStreams(ctx) {
  const { total } = await ctx.api('finance', '/api/funding-streams?pageSize=1');
  return Array.from({ length: Math.max(1, Math.ceil(total / 200)) }, (_, i) => `/api/funding-streams?pageSize=200&page=${i + 1}`);
}

/**
 * A finished reconciliation run of the main year: the bench data has none, so one is made by the
 * worker's own code (ReconciliationService.execute, as the reconciliation bench runs it) and
 * removed by cleanup() once the page is timed (its findings go by cascade). Idempotent: a
 * succeeded run already there is used and left alone.
 */
let madeRunId = null;
async function finishedRun(ctx) {
  const existing = (await ctx.api('finance', '/api/reconciliation-runs?pageSize=20')).items.find((r) => r.status === 'succeeded');
  if (existing) return existing;
  if (!madeRunId) {
    const db = new pg.Client({ connectionString: ctx.databaseUrl });
    await db.connect();
    const app = await createBenchContext({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl });
    try {
      madeRunId = (await db.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ($1, 'manual') RETURNING id`, [MAIN_FY])).rows[0].id;
      const { ReconciliationService } = await import('#domain/index.js');
      const status = await app.get(ReconciliationService).execute(madeRunId, { asOf: AS_OF });
      if (status !== 'succeeded') throw new Error(`the bench's reconciliation run ended ${status}`);
    } finally {
      await app.close();
      await db.end();
      await clearBenchQueues(ctx.redisUrl);
    }
  }
  return ctx.api('finance', `/api/reconciliation-runs/${madeRunId}?pageSize=1`);
}
async function removeMadeRun(ctx) {
  if (!madeRunId) return;
  const db = new pg.Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  try {
    await db.query(`DELETE FROM reconciliation_run WHERE id = $1`, [madeRunId]);
    madeRunId = null;
  } finally {
    await db.end();
  }
}

export default [
  { name: 'finance home', role: 'finance', page: async () => '/', api: async (ctx) => ['/api/reconciliation-runs?pageSize=1', ...(await allStreams(ctx))] },
  { name: 'payments queue (to approve)', role: 'finance', page: async () => '/payments?tab=to-approve', api: allStreams },
  { name: 'payments queue (held)', role: 'finance', page: async () => '/payments?tab=held', api: allStreams },
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
    page: async (ctx) => `/reconciliation/${(await finishedRun(ctx)).id}`,
    api: async (ctx) => [`/api/reconciliation-runs/${(await finishedRun(ctx)).id}?pageSize=200`],
    cleanup: removeMadeRun,
  },
  { name: 'year-end streams', role: 'finance', page: async () => '/year-end', api: allStreams },
  {
    name: 'year-end task list',
    role: 'finance',
    page: async (ctx) => `/year-end/${(await victimsStream(ctx)).id}`,
    api: async (ctx) => [`/api/funding-streams/${(await victimsStream(ctx)).id}/year-end`],
  },
  { name: 'finance report', role: 'finance', page: async () => '/finance-report?year=2024/25', api: async () => ['/api/reports/finance?financialYear=2024/25'] },
  {
    name: "finance report, a stream's awards",
    role: 'finance',
    page: async (ctx) => `/finance-report?year=2024/25&stream=${(await victimsStream(ctx)).id}`,
    api: async (ctx) => ['/api/reports/finance?financialYear=2024/25', `/api/awards?fundingStreamId=${(await victimsStream(ctx)).id}&pageSize=100`],
  },
];
