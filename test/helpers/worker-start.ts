import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** package.json's start:worker: `node [flags] dist/apps/worker/src/main.js`. */
const WORKER_START = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/apps\/worker\/src\/main\.js$/;

/**
 * The Node flags the product starts the worker with (package.json's start:worker): its heap limit
 * bounds the worker's memory (docs/operations.md#the-workers-memory). Tests that run the worker as a
 * process use them too, as test/bench/lib/worker-flags.js does for the benches.
 */
export function workerNodeFlags(root = process.cwd()): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:worker'] ?? '';
  const m = WORKER_START.exec(script);
  if (!m) throw new Error(`package.json's start:worker is not "node [--flags] dist/apps/worker/src/main.js": ${script}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
