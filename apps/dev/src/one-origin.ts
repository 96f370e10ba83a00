import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** The API's paths: everything under /api (Swagger and the queue dashboard included) and /health. */
export function isApiPath(url: string | undefined): boolean {
  return /^\/(?:api|health)(?:[/?#]|$)/.test(url ?? '/');
}

/**
 * One origin for `npm start`: the web at `/`, the API at `/api` and `/health`, on one port and
 * one HTTP server that hands each request to the Express instance of the app it belongs to.
 * Both apps must be initialised (`app.init()`); they keep their own middleware, filters and
 * headers (the API's JSON errors, the web's pages, CSRF and sessions).
 */
export function createOneOriginServer(api: INestApplication, web: INestApplication): Server {
  const apiHandler = api.getHttpAdapter().getInstance() as RequestListener;
  const webHandler = web.getHttpAdapter().getInstance() as RequestListener;
  return createServer((req: IncomingMessage, res: ServerResponse) => (isApiPath(req.url) ? apiHandler(req, res) : webHandler(req, res)));
}

/** Stops accepting connections and ends the idle ones (keep-alive) so shutdown does not wait for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
