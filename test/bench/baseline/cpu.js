// CPU time actually spent, per process, from /proc (Linux). Throughput on a shared 2-core machine
// moves with whatever else runs; the CPU a request costs the server and PostgreSQL barely does,
// so the API benchmark reports both.
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every Linux that matters). */
const TICKS_PER_SECOND = 100;

/** user + system CPU of one process in ms, or 0 if it is gone (or this is not Linux). */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU of every PostgreSQL backend connected to the pool's database except the pool's own, per
 * backend pid: pools close idle connections, so a total would drop when one goes. Pass the map
 * to backendsCpuSince() after the measured work.
 */
export async function backendsCpu(pool) {
  const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** CPU the backends used since `before` (backends opened since count in full; closed ones are lost). */
export async function backendsCpuSince(pool, before) {
  let sum = 0;
  for (const [pid, ms] of await backendsCpu(pool)) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/**
 * The whole machine's CPU counters from /proc/stat (every process: ours, other sessions', the
 * database's), in ms of CPU time; pass two readings to machineBusy() for the share used between them.
 */
export function machineCpu() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle + iowait is time no one used.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3] + fields[4];
    return { busyMs: ((total - idle) * 1000) / TICKS_PER_SECOND, totalMs: (total * 1000) / TICKS_PER_SECOND };
  } catch {
    return { busyMs: 0, totalMs: 0 };
  }
}

/** Busy share of every core between two machineCpu() readings (0..1), and the busy ms. */
export function machineBusy(before, after) {
  const total = after.totalMs - before.totalMs;
  const busyMs = after.busyMs - before.busyMs;
  return { share: total > 0 ? busyMs / total : 0, busyMs };
}
