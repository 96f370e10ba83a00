import { Injectable } from '@nestjs/common';
import type { Actor } from '#domain/index.js';
import { QUEUE_DASHBOARD_PATH } from '../admin/queue-dashboard.js';
import type { WebRequest } from '../common/web-request.js';
import type { HomePage, HomeView } from './home-page.js';

/** The admin home: the administration index (users, organisations, bank holidays, publishing, queues). */
@Injectable()
export class AdminHomePage implements HomePage {
  async render(_actor: Actor, _req: WebRequest): Promise<HomeView> {
    return { view: 'admin/index', model: { queueDashboard: QUEUE_DASHBOARD_PATH } };
  }
}
