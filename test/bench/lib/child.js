// The parent's side of service-child.js: fork, call, sample RSS, stop.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sampleRss } from './measure.js';

const CHILD = fileURLToPath(new URL('./service-child.js', import.meta.url));

export async function startServiceChild({ databaseUrl, redisUrl, execArgv = [] }) {
  const child = fork(CHILD, [], {
    env: { ...process.env, BENCH_CHILD_DATABASE_URL: databaseUrl, BENCH_CHILD_REDIS_URL: redisUrl },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let nextId = 1;
  let ready;
  const readyPromise = new Promise((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`service child exited with ${code} before it was ready`)));
  });
  child.on('message', (m) => {
    if (m.ready) return ready(m);
    const waiter = pending.get(m.id);
    if (!waiter) return;
    pending.delete(m.id);
    if (m.ok) waiter.resolve(m);
    else waiter.reject(Object.assign(new Error(`child ${waiter.what} failed: ${m.error}`), { reply: m }));
  });
  child.on('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`service child exited with ${code} during ${w.what}`));
    pending.clear();
  });
  const boot = await readyPromise;
  const sampler = sampleRss(child.pid, { intervalMs: 25 });
  return {
    pid: child.pid,
    boot,
    /** Calls service.method(...args) in the child; resolves with { ms, value, rssMb, peakRssMb, heapUsedMb }. */
    call(service, method, args = [], { returnValue = true } = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, what: `${service}.${method}` });
        child.send({ cmd: 'call', id, service, method, args, returnValue });
      });
    },
    /** Stops sampling (VmHWM is read before the process goes) and ends the child. */
    async stop() {
      const peak = sampler.stop();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return peak;
    },
  };
}
