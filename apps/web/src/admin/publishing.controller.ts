import { Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { FundingService, Giving360Service, GrantsPublicationService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import type { WebRequest } from '../common/web-request.js';
import { FinancialYearPipe, yearSlug } from '../panel/financial-year.pipe.js';

/**
 * Publishing a year's grants table and 360Giving file (issue 16 item 8): the year's 360Giving
 * quality checks are shown on the page that publishes it, so nobody publishes without seeing them.
 */
@Controller('admin/publishing')
@Roles(Role.Admin)
export class PublishingController {
  constructor(
    private readonly funding: FundingService,
    private readonly publication: GrantsPublicationService,
    private readonly giving360: Giving360Service,
  ) {}

  @Get()
  @Render('admin/publishing')
  async list() {
    const [years, published] = await Promise.all([this.funding.financialYears(), this.publication.list()]);
    const byYear = new Map(published.map((p) => [p.financialYear, p]));
    return { years: years.map((financialYear) => ({ financialYear, slug: yearSlug(financialYear), publication: byYear.get(financialYear) ?? null })) };
  }

  @Get(':year')
  @Render('admin/publish-year')
  async yearPage(@Req() req: WebRequest) {
    const year = new FinancialYearPipe().transform(req.params['year']);
    const [quality, published] = await Promise.all([this.giving360.quality(year), this.publication.isPublished(year)]);
    return { year, slug: yearSlug(year), quality, published };
  }

  @Post(':year')
  @SeeOther()
  @FormPage('admin/publish-year', { model: 'yearPage' })
  async publish(@CurrentActor() actor: Actor, @Param('year', FinancialYearPipe) year: string, @Req() req: WebRequest) {
    const { created } = await this.publication.publish(actor, year);
    setFlash(req, created ? 'admin.publishing.flash.published' : 'admin.publishing.flash.already', { year });
    return { url: '/admin/publishing' };
  }
}
