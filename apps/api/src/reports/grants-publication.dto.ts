import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { GrantsPublicationView } from '#domain/index.js';
import { IsFinancialYear } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class PublishGrantsDto {
  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiNullable('string')
  @ApiPropertyOptional({ description: 'why or where it is published (kept with the publication and in the audit trail)', nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  note?: string | null;
}

/** `:year` is written `2014-15`: a slash cannot sit in a path segment. Read as `2014/15`. */
export class GrantsPublicationYearParam {
  @ApiProperty({ example: '2014-15' })
  @Transform(({ value }) => (typeof value === 'string' && /^[0-9]{4}-[0-9]{2}$/.test(value) ? value.replace('-', '/') : value))
  @IsFinancialYear({ message: 'year must be a UK financial year written like 2014-15 (consecutive years)' })
  year: string;
}

export class GrantsPublicationResponse implements GrantsPublicationView {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ format: 'uuid' }) publishedByUserId: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class GrantsPublicationListResponse {
  @ApiProperty({ type: [GrantsPublicationResponse] }) items: GrantsPublicationResponse[];
}
