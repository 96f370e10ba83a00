import { Injectable } from '@nestjs/common';
import { AwardsService, type Actor } from '#domain/index.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import type { WebRequest } from '../common/web-request.js';
import type { HomeView } from './home-page.js';

const PAGE_SIZE = 20;

/**
 * The awards the user may see, oldest first as the service lists them (a partner's are its own
 * organisation's: the service scopes the query, and row-level security backs it). The home of a
 * role until that role's own home page is built, and a section the role pages may reuse.
 */
@Injectable()
export class AwardsHome {
  constructor(private readonly awards: AwardsService) {}

  async render(actor: Actor, req: WebRequest): Promise<HomeView> {
    const page = pageNumber(req.query['page']);
    const { items, total } = await this.awards.list(actor, { page, pageSize: PAGE_SIZE });
    return { view: 'home/index', model: { awards: items, total, pagination: paginationFor(total, page, PAGE_SIZE, '/', req.query as Record<string, unknown>) } };
  }
}
