import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.schema.js';

/** Fields that must never reach a log, wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.password',
  'req.body.accessToken',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  'req.body.refreshToken',
  '*.token',
  '*.jwtSecret',
  '*.sessionSecret',
  '*.adminPassword',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * pino-http options: JSON logs, a request id on every line (taken from X-Request-Id when sane).
 * `destination` replaces stdout (tests read the log through it).
 */
export function loggerParams(config: AppConfig, destination?: NodeJS.WritableStream): Params {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
  };
  return { pinoHttp: destination ? [options, destination as never] : options };
}
