import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ALL_ROLES, Role } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { ApiNullable } from '../common/openapi.js';

export class CreateUserDto {
  @ApiProperty() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320)
  email: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ALL_ROLES }) @IsIn(ALL_ROLES as Role[])
  role: Role;

  @ApiPropertyOptional({ description: 'required for partners' }) @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(200)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ALL_ROLES }) @IsOptional() @IsIn(ALL_ROLES as Role[])
  role?: Role;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  organisationId?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(12) @MaxLength(200)
  password?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409 STALE_VERSION' }) @IsOptional() @IsInt()
  version?: number;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALL_ROLES }) @IsOptional() @IsIn(ALL_ROLES as Role[])
  role?: Role;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  organisationId?: string;
}
