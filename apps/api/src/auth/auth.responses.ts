import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, type Actor } from '#domain/index.js';
import type { LoginResult } from './auth.service.js';

export class LoginUserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'commissioner@demo.ringfence.local' }) email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Object.values(Role) }) role: Role;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'a partner\'s organisation; null for staff' }) organisationId: string | null;
}

/** What login and refresh answer (AuthService's LoginResult). */
export class LoginResponse implements LoginResult {
  @ApiProperty({ description: 'a JWT for `Authorization: Bearer`' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'seconds the access token is valid from now' }) expiresIn: number;
  @ApiProperty({ format: 'date-time' }) accessTokenExpiresAt: string;
  @ApiProperty({ description: 'only POST /api/auth/refresh and /logout take it; each use trades it for a new one', example: 'rft_PLeJav7iWp6YKL8frGS9emaC8_QIzc22z45gT4K43qg' })
  refreshToken: string;
  @ApiProperty({ format: 'date-time' }) refreshTokenExpiresAt: string;
  @ApiProperty({ type: LoginUserResponse }) user: LoginUserResponse;
}

/** The caller as the API sees it (the domain's Actor). */
export class ActorResponse implements Actor {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) userId: string | null;
  @ApiProperty({ enum: Object.values(Role) }) role: Role;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'a partner\'s organisation; null for staff' }) organisationId: string | null;
  @ApiPropertyOptional({ description: 'this request\'s id, as in X-Request-Id' }) requestId?: string;
}
