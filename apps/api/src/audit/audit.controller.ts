import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService, Role } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { page } from '../common/common.dto.js';
import { AuditEntryPage } from './audit.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';
import { AuditListQuery } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(Role.Admin, Role.Finance, Role.Commissioner)
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'The audit trail, newest first: who, when, what, before and after; filter by entity or actor' })
  @ApiOkResponse({ type: AuditEntryPage })
  @ApiErrors(400)
  async list(@Query() query: AuditListQuery) {
    return page(await this.audit.list(query), query);
  }
}
