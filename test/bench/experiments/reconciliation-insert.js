// Issue 17.3: what one page's findings INSERT costs, alone, by clause. Runs one reconciliation
// run (kept as the "previous run"), then re-inserts its findings a page at a time under a fresh
// run row, in transactions rolled back, with the service's statement and variants without
// ON CONFLICT, without the is_new probe against the previous run, or without both.
//
//   npm run build && BENCH_DATABASE_NAME=<a private copy> node test/bench/experiments/reconciliation-insert.js [pageSize] [repeats]
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AS_OF } from '../generate.js';
import { clearBenchQueues, createBenchContext } from '../lib/app.js';
import { median } from '../lib/measure.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const pageSize = Number(process.argv[2] ?? 2000);
const repeats = Number(process.argv[3] ?? 5);
const databaseUrl = databaseUrlFor(benchDatabaseName(1));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const COLUMNS = `(code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint)`;
const UNNEST = `unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bigint[], $9::bigint[], $10::text[], $11::text[]) AS f ${COLUMNS}`;
const VARIANTS = {
  service: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, f.*, NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $12::uuid AND p.fingerprint = f.fingerprint) FROM ${UNNEST}
    ON CONFLICT (run_id, fingerprint) DO NOTHING`,
  noConflict: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, f.*, NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $12::uuid AND p.fingerprint = f.fingerprint) FROM ${UNNEST}`,
  noProbe: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, f.*, $12::uuid IS NULL FROM ${UNNEST} ON CONFLICT (run_id, fingerprint) DO NOTHING`,
  neither: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, f.*, $12::uuid IS NULL FROM ${UNNEST}`,
  // The page as one JSON parameter (JSON.stringify is native; pg escapes array elements in JavaScript).
  json: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, f.*, NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $3::uuid AND p.fingerprint = f.fingerprint)
      FROM json_to_recordset($2::json) AS f (code text, severity text, funding_stream_id uuid, award_id uuid, funding_source_id uuid, reporting_period_id uuid, expected_pence bigint, actual_pence bigint, message text, fingerprint text)
    ON CONFLICT (run_id, fingerprint) DO NOTHING`,
  // No parameters: the previous run's rows copied by the server (all pages in one statement).
  fromTable: `INSERT INTO reconciliation_discrepancy (run_id, ${COLUMNS.slice(1, -1)}, is_new)
    SELECT $1, ${COLUMNS.slice(1, -1)}, false FROM reconciliation_discrepancy WHERE run_id = $2 AND award_id IS NOT NULL`,
};

const app = await createBenchContext({ databaseUrl, redisUrl });
const domain = await import('#domain/index.js');
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const { rows: runRows } = await db.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ('2025/26', 'manual') RETURNING id`);
const previous = runRows[0].id;
try {
  await app.get(domain.ReconciliationService).execute(previous, { asOf: AS_OF });
  const { rows: found } = await db.query(
    `SELECT code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint
       FROM reconciliation_discrepancy WHERE run_id = $1 AND award_id IS NOT NULL ORDER BY award_id`,
    [previous],
  );
  const pages = [];
  for (let i = 0; i < found.length; i += pageSize) pages.push(found.slice(i, i + pageSize));
  const params = (page) => Object.keys(page[0]).map((k) => page.map((r) => r[k]));
  const times = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]));
  for (let r = 0; r < repeats + 1; r++) {
    for (const [key, sql] of Object.entries(VARIANTS)) {
      await db.query('BEGIN');
      const { rows } = await db.query(`INSERT INTO reconciliation_run (financial_year, trigger, status, finished_at, error) VALUES ('2025/26', 'manual', 'failed', now(), 'bench experiment: not a run') RETURNING id`);
      let ms = 0;
      for (const page of key === 'fromTable' ? [null] : pages) {
        const t0 = performance.now();
        const values = !page ? [rows[0].id, previous] : key === 'json' ? [rows[0].id, JSON.stringify(page), previous] : [rows[0].id, ...params(page), previous];
        await db.query(sql, values);
        ms += performance.now() - t0;
      }
      await db.query('ROLLBACK');
      if (r > 0) times[key].push(ms);
    }
  }
  console.log(`${found.length} award findings in ${pages.length} pages of ${pageSize}; median ms for all pages, one statement at a time:`);
  for (const [k, v] of Object.entries(times)) console.log(`${k.padEnd(12)} ${median(v)} (${v.map((x) => Math.round(x)).join('/')})`);
} finally {
  await db.query('ROLLBACK').catch(() => undefined);
  await db.query(`DELETE FROM reconciliation_run WHERE id = $1`, [previous]);
  await db.end();
  await app.close();
  await clearBenchQueues(redisUrl);
}
