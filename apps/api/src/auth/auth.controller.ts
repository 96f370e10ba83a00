import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Public, Roles } from '../common/access.decorators.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() address: string) {
    return this.auth.login(dto.email, dto.password, address);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
