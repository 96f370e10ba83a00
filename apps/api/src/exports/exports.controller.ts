import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Giving360Service, STAFF_ROLES } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { RateLimited } from '../common/rate-limit.guard.js';
import { IsFinancialYear } from '../common/validation.js';

export class Giving360Query {
  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
@RateLimited('exports')
export class ExportsController {
  constructor(private readonly giving360: Giving360Service) {}

  /** The year's committed awards as a 360Giving package `{grants: [...]}` (Data Standard 1.4). */
  @Get('360giving')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '360Giving package of the committed awards of a financial year; 404 when there are none, 409 FUNDER_UNKNOWN' })
  package360(@Query() query: Giving360Query) {
    return this.giving360.package360(query.financialYear);
  }

  /** 360Giving data quality warnings for the same package, to review before publishing. */
  @Get('360giving/quality')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '360Giving data quality warnings of the financial year package' })
  quality(@Query() query: Giving360Query) {
    return this.giving360.quality(query.financialYear);
  }
}
