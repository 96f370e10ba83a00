import { ApiProperty } from '@nestjs/swagger';
import { Role, type UserView } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

/** A user as the API shows it (the domain's UserView: never a password hash). */
export class UserResponse implements UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Object.values(Role) }) role: Role;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'partners only' }) organisationId: string | null;
  @ApiProperty({ description: 'a disabled user cannot log in; its tokens stop working' }) disabled: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export const UserPage = PageOf(UserResponse);
