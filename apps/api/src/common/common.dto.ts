import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** `?page=1&pageSize=50` (max 200), docs/api.md#paging. Query strings are the one place numbers are parsed. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize = 50;
}

export class IdParam {
  @ApiProperty({ format: 'uuid', description: 'the row\'s id' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function page<T>(result: { items: T[]; total: number }, query: PageQuery): Page<T> {
  return { items: result.items, total: result.total, page: query.page, pageSize: query.pageSize };
}
