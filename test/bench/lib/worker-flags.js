// The worker's Node flags as the product starts it: package.json's `start:worker` (docker-compose.yml
// and the Dockerfile run the same command; test/unit/worker-start.spec.ts holds them together). The
// benches that measure the worker's memory start their service child with these flags, so the peak
// RSS they report is the product's configuration, not V8's defaults.
//
//   BENCH_WORKER_FLAGS='<flags>' measures other flags instead (BENCH_WORKER_FLAGS= : none, V8's defaults).
import { readFileSync } from 'node:fs';

const WORKER_START = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/apps\/worker\/src\/main\.js$/;

/** The flags between `node` and the worker's entry point in package.json's start:worker. */
export function productWorkerFlags() {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  const script = pkg.scripts?.['start:worker'] ?? '';
  const m = script.match(WORKER_START);
  if (!m) throw new Error(`package.json's start:worker is not "node [--flags] dist/apps/worker/src/main.js": ${script}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** What the bench's worker child runs with: the product's flags unless BENCH_WORKER_FLAGS says otherwise. */
export function benchWorkerFlags() {
  const override = process.env.BENCH_WORKER_FLAGS;
  return override === undefined ? productWorkerFlags() : override.trim().split(/\s+/).filter(Boolean);
}
