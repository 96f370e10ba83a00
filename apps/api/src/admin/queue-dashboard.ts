import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { JobQueue, QueueName } from '#platform/index.js';
import { Role, UsersService, type UserView } from '#domain/index.js';
import { authenticateAccessToken } from '../auth/access-token.js';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

/**
 * bull-board for admins at /api/admin/queues: every queue of the job catalogue, read and retry.
 * It is plain Express middleware, so it runs the guard's token check itself: an admin's bearer
 * token of a live login, re-read against the user as it is now (a disabled or demoted admin, or
 * one who logged out, is refused at once).
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
    let user: UserView;
    try {
      // The guard's own check (signature, algorithm, exp, a live login, the user as stored now).
      if (!token) throw new Error('no bearer token');
      user = await authenticateAccessToken(jwt, users, token);
    } catch {
      return res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'an admin bearer token is required' });
    }
    if (user.role !== Role.Admin) return res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'the queue dashboard is for admins' });
    next();
  };
  app.use(QUEUE_DASHBOARD_PATH, adminOnly, adapter.getRouter());
}
