// Times the SQL this process sends, for the profiling tools (profile-queries.js,
// profile-web-page.js, experiments/reconciliation-profile.js, experiments/reminder-scan-profile.js):
// wraps pg's Client.query once. `onStatement(text)` is called as each statement is sent (promise
// style, as TypeORM and our services send them; callback-style calls pass through untimed); the
// function it returns, if any, is called with the statement's round-trip milliseconds when it settles.
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export function watchStatements(onStatement) {
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, cb) {
    const text = typeof config === 'string' ? config : config?.text;
    if (!text || typeof cb === 'function' || typeof values === 'function') return original.call(this, config, values, cb);
    const settled = onStatement(text);
    const t0 = performance.now();
    const p = original.call(this, config, values);
    if (!p || typeof p.then !== 'function') {
      settled?.(performance.now() - t0);
      return p;
    }
    return settled ? p.finally(() => settled(performance.now() - t0)) : p;
  };
}
