import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/common.dto.js';

export class AuditListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'award' }) @IsOptional() @IsString() @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  actorUserId?: string;
}
