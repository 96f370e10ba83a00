import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WEB_PUBLIC_KEY, WEB_ROLES_KEY } from '../../apps/web/src/common/access.decorators.js';
import type { Role } from '../../libs/domain/src/access/role.js';
import { controllerHandlers } from './routes.js';

export interface WebRouteInfo {
  method: string;
  /** As Express sees it, e.g. '/awards/:id'. */
  path: string;
  handler: string;
  roles: Role[];
  isPublic: boolean;
  params: string[];
}

/** Every page and form route the web serves, read from its controllers' metadata (like routes.ts for the API). */
export function listWebRoutes(app: INestApplication): WebRouteInfo[] {
  const reflector = app.get(Reflector);
  const routes: WebRouteInfo[] = [];
  for (const { handler, method, paths, targets } of controllerHandlers(app)) {
    for (const path of paths) {
      routes.push({
        method,
        path,
        handler,
        roles: reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES_KEY, targets) ?? [],
        isPublic: reflector.getAllAndOverride<boolean | undefined>(WEB_PUBLIC_KEY, targets) ?? false,
        params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
      });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
