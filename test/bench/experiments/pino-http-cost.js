// Issue 17.2: what pino-http, configured as the API configures it (libs/platform logging), costs
// per request at LOG_LEVEL=warn, and what each cheap cut would save: CPU microseconds per request
// through the middleware alone (a request and its response object, the 'finish' event), so the
// figure does not depend on what else runs on the machine the way req/s does.
//
//   npm run build && node test/bench/experiments/pino-http-cost.js
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';

const require = createRequire(import.meta.url);
const pinoHttp = require('pino-http');
const { loggerParams } = await import('../../../dist/libs/platform/src/logging/logger.options.js');

const devNull = { write() {} };
const configured = loggerParams({ logLevel: 'warn' }).pinoHttp;
const variants = {
  configured,
  // The completion line is never written at warn; 'silent' returns before building it.
  silentCompletion: { ...configured, customLogLevel: () => 'silent' },
  // Without the top-level requestId (a second child logger per request, re-checked at finish).
  withoutCustomProps: { ...configured, customProps: undefined },
  withoutAutoLogging: { ...configured, autoLogging: false },
};
const middlewares = Object.entries(variants).map(([key, options]) => [key, pinoHttp(options, devNull)]);

function request() {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/api/awards/ccbe1307-3e57-4a85-85b0-e6ea12e15576';
  req.headers = { authorization: 'Bearer x', 'x-request-id': 'bench-1' };
  return [req, new ServerResponse(req)];
}

const N = 40_000;
const perRequestUs = (fn) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
};
const samples = Object.fromEntries(middlewares.map(([key]) => [key, []]));
for (let round = 0; round < 6; round++) {
  for (const [key, mw] of middlewares) {
    samples[key].push(
      perRequestUs(() => {
        const [req, res] = request();
        mw(req, res, () => undefined);
        res.emit('finish');
      }),
    );
  }
}
const alone = perRequestUs(() => request()[1].emit('finish'));
console.log(`request and response objects alone: ${alone.toFixed(2)} us`);
for (const [key, v] of Object.entries(samples)) {
  const warm = v.slice(1).sort((a, b) => a - b);
  console.log(`${key.padEnd(20)} ${(warm[Math.floor(warm.length / 2)] - alone).toFixed(2)} us per request (rounds ${v.map((x) => x.toFixed(1)).join('/')})`);
}
