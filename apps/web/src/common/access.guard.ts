import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#domain/index.js';
import { FORM_PAGE_KEY, WEB_PUBLIC_KEY, WEB_ROLES_KEY } from './access.decorators.js';
import { SignInRequired } from './web-errors.js';
import type { FormPageContext, WebRequest } from './web-request.js';

/**
 * Every web route's access check, with the API's model: @Public() pages for anyone, otherwise
 * a signed-in user whose role the route's @Roles() names; a route declaring neither refuses
 * everyone (deny by default). Who is signed in was settled before routing (the session, reloaded
 * from the database on each request); CSRF was checked before routing too.
 */
@Injectable()
export class WebAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<WebRequest>();
    const formPage = this.reflector.get<Omit<FormPageContext, 'controller'> | undefined>(FORM_PAGE_KEY, context.getHandler());
    if (formPage) req.formPage = { ...formPage, controller: context.getClass() };

    if (this.reflector.getAllAndOverride<boolean>(WEB_PUBLIC_KEY, targets)) return true;
    if (!req.user) throw new SignInRequired(req.sessionEnded);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES_KEY, targets) ?? [];
    if (!roles.includes(req.user.role)) throw new ForbiddenException(roles.length ? `this page is for ${roles.join(', ')}` : 'this page declares no roles');
    return true;
  }
}
