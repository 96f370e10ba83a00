import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ALL_ROLES, AwardsService, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { csvDownload } from '../common/csv-download.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { AwardsListPage, awardQueryFor, awardsFilterFrom } from './awards-list.page.js';

/**
 * The awards list, its CSV, and an award's overview. Another organisation's award is the same 404
 * page as one that does not exist; a partner's list is its own organisation's.
 */
@Controller('awards')
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly list: AwardsListPage,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @Render('awards/index')
  index(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.list.model(actor, query);
  }

  /** Exactly the filtered list, every page of it, in the list's order. */
  @Get('download')
  @Roles(...ALL_ROLES)
  async download(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    return csvDownload(res, 'awards', await this.awards.listCsv(actor, awardQueryFor(awardsFilterFrom(query))));
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @Render('awards/show')
  async show(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return { award: await this.awards.overview(actor, id) };
  }
}
