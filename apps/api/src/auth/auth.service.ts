import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersService, type UserView } from '#domain/index.js';
import type { AccessTokenPayload } from '../common/auth.guard.js';

export interface LoginResult {
  accessToken: string;
  user: Pick<UserView, 'id' | 'email' | 'role' | 'organisationId'> & { name: string };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  /** Same 401 for an unknown email, a wrong password and a disabled account. */
  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.users.verifyCredentials(email, password);
    if (!user) throw new UnauthorizedException('email or password is incorrect');
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, org: user.organisationId };
    return {
      accessToken: await this.jwt.signAsync(payload),
      user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId },
    };
  }
}
