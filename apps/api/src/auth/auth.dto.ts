import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'commissioner@demo.ringfence.local' })
  @IsString() @MinLength(3) @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}

/** `POST /api/auth/refresh` and `POST /api/auth/logout`. */
export class RefreshTokenDto {
  // Generous, so that whatever string is sent (an access token included) meets the same 401.
  @ApiProperty({ description: 'The refreshToken of the last login or refresh answer' })
  @IsString() @MinLength(1) @MaxLength(4096)
  refreshToken: string;
}
