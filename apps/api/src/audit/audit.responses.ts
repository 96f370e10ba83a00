import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

/** One row of the append-only audit trail. */
export class AuditEntryResponse implements AuditEntry {
  @ApiProperty({ example: '112', description: 'a growing number, as a string (bigint)' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null for the system (seeding, the worker)' }) actorUserId: string | null;
  @ApiProperty({ example: 'commissioner' }) actorRole: string;
  @ApiProperty({ example: 'award.approve' }) action: string;
  @ApiProperty({ example: 'award' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the row before the change, as the area shows it' }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the row after the change' }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'the X-Request-Id of the change, as in the logs' }) requestId: string | null;
}

export const AuditEntryPage = PageOf(AuditEntryResponse);
