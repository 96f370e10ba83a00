import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ALL_ROLES, BudgetExceededError, Role } from '../../libs/domain/src/index.js';
import { Public, Roles } from '../../apps/web/src/common/access.decorators.js';

/**
 * Pages no real area has yet, mounted only in tests (WebOptions.controllers): a fault whose
 * message looks like SQL, a staff-only page, a coded conflict outside any form, the database
 * role a page's queries run as, and a streamed response that starts a session.
 */
@Controller('test-probe')
export class WebProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('database-role')
  @Roles(...ALL_ROLES)
  async databaseRole(): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT current_user AS role, current_setting('ringfence.organisation_id', true) AS organisation`)) as [{ role: string; organisation: string | null }];
    return `${row.role} ${row.organisation ?? ''}`.trim();
  }

  @Get('fault')
  @Public()
  fault(): never {
    throw new Error('SELECT password_hash FROM app_user WHERE email = $1 at /work/ringfence/libs/domain/src/users/users.service.ts:42');
  }

  @Get('admin-only')
  @Roles(Role.Admin)
  adminOnly(): string {
    return 'admin only';
  }

  @Get('conflict')
  @Roles(Role.Commissioner)
  conflict(): never {
    throw new BudgetExceededError('stream-1', 1_500_000, 1_200_000);
  }

  /** A new session filled, then a body written in two parts: the headers go before the end. */
  @Get('streamed-session')
  @Public()
  streamedSession(@Req() req: Request, @Res() res: Response): void {
    req.session.flash = { key: 'probe.streamed', params: {} };
    res.type('text/plain').write('first part\n');
    setTimeout(() => res.end('last part\n'), 50);
  }
}
