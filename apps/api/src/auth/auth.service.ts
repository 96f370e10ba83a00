import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersService, type UserView } from '#domain/index.js';
import type { AccessTokenPayload } from '../common/auth.guard.js';
import { LoginAttemptsService } from './login-attempts.service.js';

export interface LoginResult {
  accessToken: string;
  user: Pick<UserView, 'id' | 'email' | 'role' | 'organisationId'> & { name: string };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  /**
   * Same 401 for an unknown email, a wrong password and a disabled account; 429 once the
   * account or the address has failed too often (checked before the password is).
   */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    await this.attempts.assertAllowed(email, address);
    const user = await this.users.verifyCredentials(email, password);
    if (!user) {
      await this.attempts.recordFailure(email, address);
      throw new UnauthorizedException('email or password is incorrect');
    }
    await this.attempts.recordSuccess(email, address);
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, org: user.organisationId };
    return {
      accessToken: await this.jwt.signAsync(payload),
      user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId },
    };
  }
}
