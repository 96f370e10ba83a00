// Issue 17.7: throughput of two API processes against one. Both are the compiled API on their own
// ports, against the same database and Redis (what two replicas behind a load balancer are); the
// same total connections drive either one process or both (split in half, two autocannon
// instances at once), alternating which goes first per repeat. Besides req/s it reads the CPU
// the API processes, PostgreSQL's backends and the whole machine used, so the report can say
// what bounds the second process on this machine.
import autocannon from 'autocannon';
import { backendsCpu, backendsCpuSince, machineBusy, machineCpu, processCpuMs } from '../baseline/cpu.js';
import { median, round } from './measure.js';

/**
 * `apis`: two started APIs (ringfence-api.js startApi); `path` and `headers`: the request (the
 * token works on both: same JWT secret and database). Returns medians over `repeats` of each shape.
 */
export async function measureOneVsTwo({ apis, path, headers, pool, connections, seconds, repeats }) {
  if (connections < 2) throw new Error('two processes need at least 2 connections');
  const shapes = {
    one: [{ api: apis[0], connections }],
    two: [
      { api: apis[0], connections: Math.ceil(connections / 2) },
      { api: apis[1], connections: Math.floor(connections / 2) },
    ],
  };
  const runs = { one: [], two: [] };
  for (let i = 0; i < repeats; i++) {
    for (const key of i % 2 ? ['two', 'one'] : ['one', 'two']) runs[key].push(await drive(shapes[key], path, headers, seconds, pool));
  }
  const summary = (key) => ({
    medianRps: median(runs[key].map((x) => x.rps)),
    medianApiCpuMsPerRequest: median(runs[key].map((x) => x.apiCpuMsPerRequest)),
    medianPostgresCpuMsPerRequest: median(runs[key].map((x) => x.postgresCpuMsPerRequest)),
    medianClientCpuMsPerRequest: median(runs[key].map((x) => x.clientCpuMsPerRequest)),
    medianMachineBusyPercent: median(runs[key].map((x) => x.machineBusyPercent)),
    medianMachineCpuMsPerRequest: median(runs[key].map((x) => x.machineCpuMsPerRequest)),
    medianP99Ms: median(runs[key].map((x) => x.p99)),
    runs: runs[key],
  });
  const one = summary('one');
  const two = summary('two');
  return {
    path,
    connections,
    repeats,
    seconds,
    one,
    two,
    ratio: one.medianRps > 0 ? round(two.medianRps / one.medianRps) : null,
    clean: [...runs.one, ...runs.two].every((x) => x.non2xx === 0 && x.errors === 0),
  };
}

/** One measured interval: every autocannon of the shape at once, with the CPU each party used. */
async function drive(shape, path, headers, seconds, pool) {
  const pids = shape.map((s) => s.api.pid);
  const before = {
    api: pids.map(processCpuMs),
    postgres: await backendsCpu(pool),
    client: process.cpuUsage(),
    machine: machineCpu(),
  };
  const results = await Promise.all(shape.map((s) => autocannon({ url: s.api.url + path, headers, connections: s.connections, duration: seconds })));
  const machine = machineBusy(before.machine, machineCpu());
  const client = process.cpuUsage(before.client);
  const apiMs = pids.reduce((sum, pid, i) => sum + processCpuMs(pid) - before.api[i], 0);
  const postgresMs = await backendsCpuSince(pool, before.postgres);
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const duration = Math.max(...results.map((r) => r.duration));
  const per = (ms) => (requests > 0 ? round(ms / requests, 3) : null);
  return {
    rps: round(requests / duration, 1),
    perProcessRps: results.map((r) => round(r.requests.total / r.duration, 1)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    apiCpuMsPerRequest: per(apiMs),
    postgresCpuMsPerRequest: per(postgresMs),
    // autocannon runs in the bench's own process: its CPU is on the same 2 cores.
    clientCpuMsPerRequest: per((client.user + client.system) / 1000),
    machineBusyPercent: round(machine.share * 100, 1),
    // Everything the machine did per request (ours + anything else running at the time).
    machineCpuMsPerRequest: per(machine.busyMs),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}
