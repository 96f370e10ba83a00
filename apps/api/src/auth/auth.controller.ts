import { Body, Controller, Get, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Public, Roles, type AuthenticatedRequest } from '../common/access.decorators.js';
import { LoginDto, RefreshTokenDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { ActorResponse, LoginResponse } from './auth.responses.js';
import { ApiErrors, ApiNoContentResponse, ApiOkResponse } from '../common/openapi.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a short-lived access token, a refresh token and the user; 401 for any wrong credentials, 429 after repeated failures' })
  @ApiOperation({ operationId: 'login' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, { 401: 'Wrong email or password, or a disabled account (the same answer for each)' }, 429)
  login(@Body() dto: LoginDto, @Ip() address: string) {
    return this.auth.login(dto.email, dto.password, address);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new access and refresh token; the old one stops working. Reusing a traded one ends the login everywhere (401)' })
  @ApiOperation({ operationId: 'refreshLogin' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, { 401: 'Unknown, expired, revoked or already used refresh token (reuse ends the whole login)' }, 429)
  refresh(@Body() dto: RefreshTokenDto, @Req() req: AuthenticatedRequest) {
    return this.auth.refresh(dto.refreshToken, req.id);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the login the refresh token belongs to (every refresh token of it); 204 whether or not the token was known' })
  @ApiOperation({ operationId: 'logout' })
  @ApiNoContentResponse({ description: 'the login is ended (or there was none)' })
  @ApiErrors(400)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getCurrentActor', summary: 'Who the token belongs to: user id, role and organisation' })
  @ApiOkResponse({ type: ActorResponse })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
