import { Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PanelPackService, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles, SeeOther } from '../common/access.decorators.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FinancialYearPipe, yearSlug } from './financial-year.pipe.js';

/**
 * The panel pack (issue 16 item 7): the year's document as a page, and its PDF, rendered by the
 * worker with progress and downloaded when ready. Asking for a PDF writes no business record,
 * so viewers may ask.
 */
@Controller('panel')
@Roles(...STAFF_ROLES)
export class PanelPackController {
  constructor(private readonly packs: PanelPackService) {}

  @Get('years/:year/pack')
  @Render('panel/pack')
  async pack(@CurrentActor() actor: Actor, @Param('year', FinancialYearPipe) year: string) {
    return { year, slug: yearSlug(year), pack: await this.packs.contents(actor, year), pdfs: await this.packs.list(year) };
  }

  @Post('years/:year/pack/pdf')
  @SeeOther()
  async requestPdf(@CurrentActor() actor: Actor, @Param('year', FinancialYearPipe) year: string) {
    const pack = await this.packs.request(actor, year);
    return { url: `/panel/packs/${pack.id}` };
  }

  /** Progress of a PDF: the page refreshes itself (no script needed) until it is ready or failed. */
  @Get('packs/:id')
  @Render('panel/pack-status')
  async status(@Param('id', RecordIdPipe) id: string) {
    const pack = await this.packs.get(id);
    return { pack, slug: yearSlug(pack.financialYear), pending: pack.status === 'queued' || pack.status === 'running' };
  }

  @Get('packs/:id/pdf')
  async download(@Param('id', RecordIdPipe) id: string, @Res() res: Response): Promise<void> {
    const { body, fileName } = await this.packs.pdf(id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(body);
  }
}
