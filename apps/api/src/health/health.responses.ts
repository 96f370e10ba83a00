import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One part of /health (Terminus' shape): the database or Redis. */
export class HealthIndicatorResponse {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'database: milliseconds the ping took' }) responseTime?: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'redis: the worker\'s last heartbeat, null when no worker has beaten yet' }) workerHeartbeat?: string | null;
  @ApiPropertyOptional({ example: 'not reachable', description: 'why it is down (never the driver\'s message)' }) message?: string;
}

const BY_PART = { type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorResponse) }, description: 'keyed by part: database, redis' } as const;

@ApiExtraModels(HealthIndicatorResponse)
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiPropertyOptional(BY_PART) info?: Record<string, HealthIndicatorResponse>;
  @ApiPropertyOptional(BY_PART) error?: Record<string, HealthIndicatorResponse>;
  @ApiProperty(BY_PART) details: Record<string, HealthIndicatorResponse>;
}
