// A child process that holds the domain services (as the worker does) and runs one named
// operation per IPC message, so the parent can measure this process's peak RSS on its own:
// the bench runner's memory (pg clients, results) never counts against the worker's.
//
// Messages in:  { cmd: 'call', id, service, method, args }  |  { cmd: 'exit' }
// Messages out: { ready, rssMb, peakRssMb }  |  { id, ok, ms, value | error, heapUsedMb, rssMb, peakRssMb }
import { performance } from 'node:perf_hooks';
import { procStatus, round } from './measure.js';
import { createBenchContext } from './app.js';

const mb = (bytes) => round(bytes / 1048576, 1);
const mem = () => {
  const s = procStatus(process.pid);
  return { rssMb: mb(s?.rssBytes ?? process.memoryUsage().rss), peakRssMb: mb(s?.peakRssBytes ?? 0), heapUsedMb: mb(process.memoryUsage().heapUsed) };
};

const app = await createBenchContext({ databaseUrl: process.env.BENCH_CHILD_DATABASE_URL, redisUrl: process.env.BENCH_CHILD_REDIS_URL });
const domain = await import('#domain/index.js');
process.send({ ready: true, ...mem() });

process.on('message', async (m) => {
  if (m.cmd === 'exit') {
    await app.close().catch(() => undefined);
    process.exit(0);
  }
  if (m.cmd !== 'call') return;
  const started = performance.now();
  try {
    const service = app.get(domain[m.service]);
    const value = await service[m.method](...(m.args ?? []));
    process.send({ id: m.id, ok: true, ms: round(performance.now() - started), value: m.returnValue === false ? undefined : value, ...mem() });
  } catch (error) {
    process.send({ id: m.id, ok: false, ms: round(performance.now() - started), error: String(error?.stack ?? error), ...mem() });
  }
});
