import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AuditService, Role } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { page, PageQuery } from '../common/common.dto.js';
import { AuditEntryPage } from './audit.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

export class AuditListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'award' }) @IsOptional() @IsString() @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  actorUserId?: string;
}

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
