import { Controller, Get } from '@nestjs/common';
import { BudgetExceededError, Role } from '../../libs/domain/src/index.js';
import { Public, Roles } from '../../apps/web/src/common/access.decorators.js';

/**
 * Pages no real area has yet, mounted only in tests (WebOptions.controllers): a fault whose
 * message looks like SQL, a staff-only page, and a coded conflict outside any form.
 */
@Controller('test-probe')
export class WebProbeController {
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
}
