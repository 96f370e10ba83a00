import { createParamDecorator, Redirect, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '#domain/index.js';
import type { FormPageContext, WebRequest } from './web-request.js';

export const WEB_ROLES_KEY = 'ringfence:web:roles';
export const WEB_PUBLIC_KEY = 'ringfence:web:public';
export const FORM_PAGE_KEY = 'ringfence:web:form-page';

/**
 * Deny by default, as in the API: every page and form declares who may use it with @Roles(...)
 * or @Public(). A route with neither answers the 403 page to everyone (and fails the web
 * access-matrix test).
 */
export const Roles = (...roles: Role[]) => SetMetadata(WEB_ROLES_KEY, roles);
export const Public = () => SetMetadata(WEB_PUBLIC_KEY, true);

/**
 * A POST handler's form: on a validation error or a domain error the error filter shows `view`
 * again with the GOV.UK error summary, inline messages and what was typed (passwords excepted).
 * `model` names a method of the controller, `(req) => page data`, usually the GET handler.
 */
export const FormPage = (view: string, options: Omit<FormPageContext, 'view' | 'controller'> = {}) => SetMetadata(FORM_PAGE_KEY, { view, ...options });

/** Post/redirect/get: the handler returns `{ url }` and the browser gets a 303 to it. */
export const SeeOther = () => Redirect('/', 303);

/** The signed-in caller as the domain sees it (with the request id for the audit trail). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<WebRequest>();
  if (!req.actor) throw new Error('CurrentActor used on a page without a signed-in user');
  return req.actor;
});
