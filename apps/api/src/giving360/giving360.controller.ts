import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Giving360Service, GrantsPublicationService, STAFF_ROLES, type Actor } from '#domain/index.js';
import { OptionalActor, PublicWhenPublished, Roles } from '../common/access.decorators.js';
import { RateLimited } from '../common/rate-limit.guard.js';
import { requireActorOrPublishedYear } from '../reports/published-year.js';
import { Giving360PackageResponse, Giving360QualityResponse } from './giving360.responses.js';
import { ApiErrors, ApiOkResponse } from '../common/openapi.js';
import { Giving360Query } from './giving360.dto.js';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
@RateLimited('exports')
export class Giving360Controller {
  constructor(
    private readonly giving360: Giving360Service,
    private readonly publications: GrantsPublicationService,
  ) {}

  /** The year's committed awards as a 360Giving package `{grants: [...]}` (Data Standard 1.4): staff, and anyone once published. */
  @Get('360giving')
  @Roles(...STAFF_ROLES)
  @PublicWhenPublished()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '360Giving package of the committed awards of a financial year; 404 when there are none, 409 FUNDER_UNKNOWN; without a token only for a published year (else 401)' })
  @ApiOperation({ operationId: 'get360GivingPackage' })
  @ApiOkResponse({ type: Giving360PackageResponse })
  @ApiErrors(400, { 401: 'No valid token, and the year is not published' }, { 404: 'The year has no committed awards' }, 'FUNDER_UNKNOWN', 429)
  async package360(@OptionalActor() actor: Actor | undefined, @Query() query: Giving360Query) {
    await requireActorOrPublishedYear(this.publications, actor, query.financialYear);
    return this.giving360.package360(query.financialYear);
  }

  /** 360Giving data quality warnings for the same package, to review before publishing. */
  @Get('360giving/quality')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '360Giving data quality warnings of the financial year package' })
  @ApiOperation({ operationId: 'get360GivingQuality' })
  @ApiOkResponse({ type: Giving360QualityResponse })
  @ApiErrors(400, { 404: 'The year has no committed awards' }, 'FUNDER_UNKNOWN', 429)
  quality(@Query() query: Giving360Query) {
    return this.giving360.quality(query.financialYear);
  }
}
