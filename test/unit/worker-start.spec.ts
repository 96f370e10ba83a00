import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { workerNodeFlags } from '../helpers/worker-start.js';

// The worker's heap-growth flag is what keeps its memory bounded (docs/operations.md#the-workers-memory);
// every way the product starts the worker must carry the same flags as package.json's start:worker,
// which the benches measure (test/bench/lib/worker-flags.js).
const read = (file: string) => readFileSync(file, 'utf8');

describe('the worker is started with one set of Node flags', () => {
  const flags = workerNodeFlags();

  it("package.json fixes V8's heap growth and leaves its heap limit alone (the panel pack needs ~700 MB at national scale)", () => {
    expect(flags).toContainEqual(expect.stringMatching(/^--heap-growing-percent=\d+$/));
    expect(flags.filter((f) => /^--max-(old-space|heap)-size/.test(f))).toEqual([]);
  });

  it('docker-compose.yml runs the same command', () => {
    const command = /\n {2}worker:\n(?: {4}.*\n)*? {4}command: (\[.*\])\n/.exec(read('docker-compose.yml'))?.[1];
    expect(command && JSON.parse(command)).toEqual(['node', ...flags, 'dist/apps/worker/src/main.js']);
  });

  it('the Dockerfile, the README and docs/operations.md name the same command', () => {
    const command = `node ${flags.join(' ')} dist/apps/worker/src/main.js`;
    expect(read('Dockerfile')).toContain(command);
    expect(read('README.md').replace(/\s*\n\s*/g, ' ')).toContain(command);
    expect(read('docs/operations.md').replace(/\s*\n\s*/g, ' ')).toContain(command);
  });
});
