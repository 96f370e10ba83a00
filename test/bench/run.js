// `npm run bench` (after `npm run build`): builds or reuses the bench database for BENCH_SCALE,
// runs every test/bench/*.bench.js (or those named in BENCH_ONLY), writes each result to
// test/bench/results/, and regenerates test/bench/RESULTS.md from all result files.
//
//   BENCH_SCALE=10 BENCH_ONLY=reconciliation,reminders npm run bench
//   BENCH_DATABASE_HOST_URL=postgres://postgres@127.0.0.1:5432/postgres (the server; default)
//   BENCH_REDIS_URL=redis://127.0.0.1:6379 (default)
//   BENCH_DATABASE_NAME=ringfence_bench_trial (instead of ringfence_bench_s<scale>)
//   BENCH_REBUILD=1 drops and regenerates the database even when its marker matches.
//   BENCH_WORKER_FLAGS='--flag ...' starts the worker child (reconciliation, reminders) with these Node
//     flags instead of package.json's start:worker ones (BENCH_WORKER_FLAGS= : none; lib/worker-flags.js).
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { GENERATOR_VERSION, generate } from './generate.js';
import { createLog } from './lib/measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, 'results');

/** BENCH_DATABASE_NAME names another database (a trial load beside the shared one); else one per scale. */
export function benchDatabaseName(scale) {
  return process.env.BENCH_DATABASE_NAME || `ringfence_bench_s${scale}`;
}

export function serverUrl() {
  return process.env.BENCH_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(name) {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` with a client on the server's maintenance database. */
export async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: serverUrl(), application_name: 'ringfence-bench-admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The marker the generator writes last; null when the database or the marker is missing. */
async function readMarker(url) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await client.query(`SELECT scale, generator_version, summary FROM bench_dataset LIMIT 1`);
    return rows[0] ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function migrate(url) {
  const { runMigrations } = await import('../../dist/libs/domain/src/database/data-source.js');
  return runMigrations(url);
}

/** Reuses the scale's database when its marker says it finished loading with this generator; else rebuilds it. */
export async function ensureDatabase(scale, log) {
  const name = benchDatabaseName(scale);
  const url = databaseUrlFor(name);
  const marker = process.env.BENCH_REBUILD ? null : await readMarker(url);
  if (marker && marker.scale === scale && marker.generator_version === GENERATOR_VERSION) {
    // Migrations added since the load (an index, say) are applied; data is kept.
    const applied = await migrate(url);
    log(`reusing ${name}`, { generatorVersion: GENERATOR_VERSION, migrationsApplied: applied.length });
    await vacuumOnce(url, log);
    return { url, summary: marker.summary, reused: true };
  }
  log(`building ${name}`, { reason: marker ? `marker is scale ${marker.scale} v${marker.generator_version}` : 'no finished load' });
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const applied = await migrate(url);
  log('migrated', { migrations: applied.length });
  const summary = await generate({ databaseUrl: url, scale, log: createLog('generate') });
  await vacuumOnce(url, log);
  return { url, summary, reused: false };
}

/**
 * VACUUM (ANALYZE) a loaded dataset once, as autovacuum does to a production database after a
 * load or restore. This machine's server runs with autovacuum off (its configuration file, for the
 * tests' speed), so without this a dataset is never vacuumed: the visibility map stays empty (no
 * index-only scans: the award list's count read the whole table at scale 10, 56 ms, instead of
 * its index, 5 ms warm) and the first statements of a bench set hint bits, writing pages from a
 * SELECT. Statistics survive a clean restart, so `last_vacuum` says whether it was done.
 */
async function vacuumOnce(url, log) {
  const client = new pg.Client({ connectionString: url, application_name: 'ringfence-bench-vacuum' });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'award'`);
    if (rows[0]?.last_vacuum) return;
    const t0 = performance.now();
    await client.query('VACUUM (ANALYZE)');
    log('vacuumed', { seconds: Math.round((performance.now() - t0) / 100) / 10 });
  } finally {
    await client.end();
  }
}

export async function machineFacts(databaseUrl) {
  const cpus = os.cpus();
  let postgres = null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb, current_setting('work_mem') AS wm, current_setting('autovacuum') AS av`);
    postgres = { version: rows[0].v, sharedBuffers: rows[0].sb, workMem: rows[0].wm, autovacuum: rows[0].av };
  } finally {
    await client.end();
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
  };
}

export function resultFileName(name, scale) {
  return scale === 1 ? `${name}.json` : `${name}.s${scale}.json`;
}

async function loadBenches(only) {
  const files = readdirSync(HERE).filter((f) => f.endsWith('.bench.js')).sort();
  const benches = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(join(HERE, f)).href);
    const name = mod.name ?? f.replace(/\.bench\.js$/, '');
    if (only && !only.includes(name)) continue;
    if (typeof mod.run !== 'function') throw new Error(`${f} exports no run(ctx)`);
    benches.push({ name, run: mod.run, file: f });
  }
  return benches;
}

// ---- RESULTS.md ----------------------------------------------------------------------------

const fmtMs = (ms) => (ms === null || ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms * 10) / 10} ms`);
const cell = (v) => String(v ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderResults() {
  const files = existsSync(RESULTS_DIR) ? readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json')).sort() : [];
  const results = files.map((f) => ({ file: f, ...JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) }));
  results.sort((a, b) => a.name.localeCompare(b.name) || a.scale - b.scale);
  const lines = [
    '# Benchmark results',
    '',
    'Generated by `test/bench/run.js` from `test/bench/results/*.json`; do not edit by hand (edit FINDINGS.md, which is included below).',
    '`npm run bench` runs every benchmark at scale 1; `BENCH_SCALE=10 BENCH_ONLY=reconciliation,reminders npm run bench` adds the scale-10 files (`<name>.s10.json`).',
    'Ratio: as each bench defines it in its goal, against a baseline in the same run. reconciliation, reports and reminders: subject median / baseline median (lower is better); api and approvals: subject throughput / baseline throughput (higher is better).',
    '',
    '| bench | scale | goal | ratio | met | baseline median | subject median | repeats | ran at |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const met = r.error ? `**failed**: ${cell(r.error)}` : r.met ? 'yes' : '**no**';
    lines.push(`| ${cell(r.name)} | ${r.scale} | ${cell(r.goal)} | ${r.ratio ?? ''} | ${met} | ${fmtMs(r.baselineMedianMs)} | ${fmtMs(r.subjectMedianMs)} | ${r.repeats ?? ''} | ${cell(r.timestamp?.slice(0, 16).replace('T', ' '))} |`);
  }
  const notes = results.filter((r) => r.notes?.length);
  if (notes.length) {
    lines.push('', '## Notes from the runs', '');
    for (const r of notes) {
      lines.push(`**${r.name}** (scale ${r.scale}):`, '');
      for (const n of r.notes) lines.push(`- ${n}`);
      lines.push('');
    }
  }
  const machines = new Map();
  for (const r of results) if (r.machine) machines.set(JSON.stringify(r.machine), [...(machines.get(JSON.stringify(r.machine)) ?? []), `${r.name}@${r.scale}`]);
  lines.push('', '## Machine', '');
  for (const [m, who] of machines) {
    const x = JSON.parse(m);
    lines.push(
      `- ${x.cpuModel}, ${x.cores} cores, ${x.memoryGiB} GiB memory, ${x.os}; Node ${x.node}; PostgreSQL ${x.postgres?.version} (shared_buffers ${x.postgres?.sharedBuffers}, work_mem ${x.postgres?.workMem}${x.postgres?.autovacuum ? `, autovacuum ${x.postgres.autovacuum}` : ''}); used by ${who.join(', ')}`,
    );
  }
  const datasets = new Map();
  for (const r of results) if (r.dataset) datasets.set(r.scale, r.dataset);
  if (datasets.size) {
    lines.push('', '## Datasets', '', '| scale | awards (main year) | organisations | periods | returns | return values | payments | streams | generated in | database size |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const [scale, d] of [...datasets].sort((a, b) => a[0] - b[0])) {
      lines.push(
        `| ${scale} | ${d.awards} (${d.mainYearAwards}) | ${d.organisations} | ${d.periods} | ${d.returns} | ${d.returnValues} | ${d.payments} | ${d.fundingStreams} | ${d.generationSeconds ?? '?'} s | ${Math.round((d.databaseBytes ?? 0) / 1048576)} MB |`,
      );
    }
  }
  lines.push(...growthAcrossScales(results));
  const findings = join(HERE, 'FINDINGS.md');
  if (existsSync(findings)) lines.push('', '---', '', readFileSync(findings, 'utf8').trim());
  writeFileSync(join(HERE, 'RESULTS.md'), `${lines.join('\n')}\n`);
}

/**
 * Issue 17.5: how each bench's time grows with the data, from scale 1 to 10 to 100 (or 30), read
 * from the same result files as the table above. Each row is its own run (see "ran at"): growth is
 * the subject's time per unit of work at that scale over scale 1's, so 1.0 is linear.
 */
export function growthAcrossScales(results) {
  const byName = new Map();
  for (const r of results) if (!r.error) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const rows = [];
  for (const [name, runs] of byName) {
    if (runs.length < 2) continue;
    const unit = GROWTH_UNITS[name];
    if (!unit) continue;
    const first = runs[0];
    for (const r of runs) {
      const n = unit.rows(r);
      const perRow = unit.time(r) / n;
      const firstPerRow = unit.time(first) / unit.rows(first);
      rows.push(
        `| ${name} | ${r.scale} | ${n ?? ''} ${unit.label} | ${unit.show(r)} | ${r === first || !Number.isFinite(perRow / firstPerRow) ? '' : round2(perRow / firstPerRow)} | ${r.workerPeakRssMb ?? ''} | ${r.ratio ?? ''} | ${cell(r.timestamp?.slice(0, 16).replace('T', ' '))} |`,
      );
    }
  }
  if (!rows.length) return [];
  return [
    '',
    '## Growth across scales',
    '',
    'Time per unit of work at each scale over scale 1\'s (1.0 = linear; from each scale\'s own run, so a run on a busy machine shows as growth: compare "ran at" with the notes above).',
    '',
    '| bench | scale | work | subject | time per unit vs scale 1 | worker peak RSS (MB) | ratio to baseline | ran at |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

const round2 = (x) => Math.round(x * 100) / 100;

/** What one unit of each bench's work is, and its time (for api: a request's time, 1 / req/s). */
const GROWTH_UNITS = {
  reconciliation: { label: 'awards', rows: (r) => r.awardsReconciled, time: (r) => r.subjectMedianMs, show: (r) => fmtMs(r.subjectMedianMs) },
  reminders: { label: 'periods', rows: (r) => r.periods, time: (r) => r.subjectMedianMs, show: (r) => fmtMs(r.subjectMedianMs) },
  reports: {
    label: 'committed awards',
    rows: (r) => r.reports?.grants?.rows,
    time: (r) => r.subjectMedianMs,
    show: (r) => Object.entries(r.reports ?? {}).map(([k, v]) => `${k} ${fmtMs(v.subjectMedianMs)}`).join(', '),
  },
  // An award's GET should not grow with the data at all: "work" is one request, and growth is its time's.
  api: {
    label: 'request',
    rows: () => 1,
    time: (r) => 1000 / (r.endpoints?.getAward?.api?.medianRps ?? NaN),
    show: (r) => `GET award ${r.endpoints?.getAward?.api?.medianRps} req/s, list page 2 ${r.endpoints?.listAwards?.api?.medianRps} req/s, deep page ${r.endpoints?.listAwardsDeep?.api?.medianRps ?? '?'} req/s`,
  },
};

// ---- main -----------------------------------------------------------------------------------

export async function main() {
  const log = createLog('run');
  const started = performance.now();
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`BENCH_SCALE must be a whole number >= 1, not ${process.env.BENCH_SCALE}`);
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean) : null;
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const benches = await loadBenches(only);
  log('benches', { scale, selected: benches.map((b) => b.name).join(',') || '(none)' });
  const db = await ensureDatabase(scale, log);
  const machine = await machineFacts(db.url);
  const summary = db.summary;
  mkdirSync(RESULTS_DIR, { recursive: true });
  let crashed = 0;
  for (const bench of benches) {
    const benchLog = createLog(bench.name);
    const t0 = performance.now();
    let result;
    try {
      result = await bench.run({ scale, databaseUrl: db.url, redisUrl, log: benchLog, summary });
    } catch (error) {
      crashed++;
      benchLog(`FAILED: ${error.stack ?? error}`);
      result = { goal: 'see the benchmark', met: false, ratio: null, repeats: 0, error: String(error.message ?? error) };
    }
    const record = {
      name: bench.name,
      scale,
      ...result,
      wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
      timestamp: new Date().toISOString(),
      machine,
      dataset: summary,
      datasetReused: db.reused,
    };
    writeFileSync(join(RESULTS_DIR, resultFileName(bench.name, scale)), `${JSON.stringify(record, null, 2)}\n`);
    benchLog('done', { met: record.met, ratio: record.ratio, seconds: record.wallSeconds });
  }
  renderResults();
  log('finished', { seconds: Math.round((performance.now() - started) / 1000), crashed });
  return crashed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (crashed) => process.exit(crashed ? 1 : 0),
    (error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
