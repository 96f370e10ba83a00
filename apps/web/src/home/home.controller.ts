import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import { ALL_ROLES, AwardsService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import type { WebRequest } from '../common/web-request.js';

const PAGE_SIZE = 20;

/**
 * The signed-in user's home: the awards they may see, oldest first as the service lists them (a partner's are its own
 * organisation's: the service scopes the query, and row-level security backs it).
 */
@Controller()
export class HomeController {
  constructor(private readonly awards: AwardsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @Render('home/index')
  async home(@CurrentActor() actor: Actor, @Query('page') pageParam: unknown, @Req() req: WebRequest) {
    const page = pageNumber(pageParam);
    const { items, total } = await this.awards.list(actor, { page, pageSize: PAGE_SIZE });
    return { awards: items, total, pagination: paginationFor(total, page, PAGE_SIZE, '/', req.query as Record<string, unknown>) };
  }
}
