import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { JobQueue, QueueName } from '#platform/index.js';
import { Role, UsersService } from '#domain/index.js';
import type { AccessTokenPayload } from '../common/auth.guard.js';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

/**
 * bull-board for admins at /api/admin/queues: every queue of the job catalogue, read and retry.
 * It is plain Express middleware, so it gets its own check: an admin's bearer token, re-read
 * against the user as it is now (a disabled or demoted admin is refused at once).
 */
export function mountQueueDashboard(app: INestApplication): void {
  const jobs = app.get(JobQueue);
  const jwt = app.get(JwtService);
  const users = app.get(UsersService);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(jobs.queue(name))), serverAdapter: adapter });

  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    try {
      const payload = token ? await jwt.verifyAsync<AccessTokenPayload>(token) : undefined;
      const user = payload ? await users.findActive(payload.sub) : null;
      if (!user) return res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'an admin bearer token is required' });
      if (user.role !== Role.Admin || user.role !== payload!.role) return res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'the queue dashboard is for admins' });
      next();
    } catch {
      res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'the token is invalid or has expired' });
    }
  };
  app.use(QUEUE_DASHBOARD_PATH, adminOnly, adapter.getRouter());
}
