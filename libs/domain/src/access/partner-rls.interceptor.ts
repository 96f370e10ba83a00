import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { runAsPartner } from '#platform/index.js';
import type { Actor } from './actor.js';

/**
 * Puts a partner's request into the database's partner scope (row-level security, see
 * libs/platform/src/database/partner-rls.ts) for everything the handler does. Runs after the
 * auth guard has established who the caller is (as `req.actor`): the API's bearer-token guard
 * and the web's session guard both do, so API and web requests reach the database alike. Nest
 * binds the handler's async context when `handle()` is called, so calling it inside the scope
 * carries the scope to every query.
 */
@Injectable()
export class PartnerScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
    if (actor?.role !== 'partner') return next.handle();
    return runAsPartner(actor.organisationId, () => next.handle());
  }
}
