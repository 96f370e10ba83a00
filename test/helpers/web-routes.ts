import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { WEB_PUBLIC_KEY, WEB_ROLES_KEY } from '../../apps/web/src/common/access.decorators.js';
import type { Role } from '../../libs/domain/src/access/role.js';

// Nest's own metadata keys (@nestjs/common/constants), as in routes.ts.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

export interface WebRouteInfo {
  method: string;
  /** As Express sees it, e.g. '/awards/:id'. */
  path: string;
  handler: string;
  roles: Role[];
  isPublic: boolean;
  params: string[];
}

const joinPath = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

/** Every page and form route the web serves, read from its controllers' metadata (like routes.ts for the API). */
export function listWebRoutes(app: INestApplication): WebRouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: WebRouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype as Function | undefined;
    if (!instance || !metatype) continue;
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '/');
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as Function;
      const methodCode = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
      if (methodCode === undefined) continue;
      const targets = [handler, metatype] as never;
      for (const controllerPath of controllerPaths) {
        for (const handlerPath of ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '/')) {
          const path = joinPath(controllerPath, handlerPath);
          routes.push({
            method: RequestMethod[methodCode]!,
            path,
            handler: `${wrapper.name}.${name}`,
            roles: reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES_KEY, targets) ?? [],
            isPublic: reflector.getAllAndOverride<boolean | undefined>(WEB_PUBLIC_KEY, targets) ?? false,
            params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
