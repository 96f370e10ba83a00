import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, PUBLIC_WHEN_PUBLISHED_KEY, ROLES_KEY } from '../../apps/api/src/common/access.decorators.js';
import type { Role } from '../../libs/domain/src/access/role.js';

// Nest's own metadata keys (@nestjs/common/constants); imported by value they would pull CJS internals.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const ROUTE_ARGS_METADATA = '__routeArguments__';
const BODY_PARAMTYPE = 3; // RouteParamtypes.BODY

export interface RouteInfo {
  /** e.g. 'POST' */
  method: string;
  /** The full path as Express sees it, with `:params`, e.g. '/api/awards/:id/approve'. */
  path: string;
  /** 'AwardsController.approve' */
  handler: string;
  roles: Role[];
  isPublic: boolean;
  /** @PublicWhenPublished(): anonymous callers get a published year, 401 otherwise. */
  publicWhenPublished: boolean;
  /** The class of the @Body() parameter, when the route takes a body (undefined for `unknown`/arrays). */
  bodyType: Function | undefined;
  takesBody: boolean;
  /** Path parameter names, in order. */
  params: string[];
}

export function joinPath(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
}

/** One route handler of a controller, read from Nest's metadata (shared with web-routes.ts). */
export interface ControllerHandler {
  /** 'AwardsController.approve' */
  handler: string;
  name: string;
  metatype: Function;
  prototype: object;
  method: string;
  /** Controller path joined with handler path, for every pair the decorators give. */
  paths: string[];
  /** For Reflector look-ups: the handler, then its controller. */
  targets: never;
}

/** Every handler of every controller the app serves. */
export function controllerHandlers(app: INestApplication): ControllerHandler[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const found: ControllerHandler[] = [];
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
      const handlerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
      const paths = controllerPaths.flatMap((c) => handlerPaths.map((h) => joinPath(c, h)));
      found.push({ handler: `${wrapper.name}.${name}`, name, metatype, prototype, method: RequestMethod[methodCode]!, paths, targets: [handler, metatype] as never });
    }
  }
  return found;
}

/**
 * Every HTTP route the API serves, read from the controllers' own metadata, so tests generated
 * from it (the access matrix, the hostile-input fuzz) cover a new route the day it is added.
 * Excludes non-Nest mounts (Swagger UI, the queue dashboard).
 */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const { handler, name, metatype, prototype, method, paths, targets } of controllerHandlers(app)) {
    const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) ?? false;
    const publicWhenPublished = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_WHEN_PUBLISHED_KEY, targets) ?? false;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number }>;
    const bodyArg = Object.entries(args).find(([key]) => key.split(':')[0] === String(BODY_PARAMTYPE));
    const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as Function[];
    const bodyType = bodyArg ? paramTypes[bodyArg[1].index] : undefined;
    for (const rel of paths) {
      const path = rel === '/health' ? rel : joinPath('api', rel);
      routes.push({
        method,
        path,
        handler,
        roles,
        isPublic,
        publicWhenPublished,
        bodyType: bodyType && bodyType !== Object && bodyType !== Array ? bodyType : undefined,
        takesBody: Boolean(bodyArg),
        params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
      });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Fills `:params` from a map; throws naming the missing one so a new route cannot be skipped silently. */
export function fillPath(route: Pick<RouteInfo, 'path'>, values: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for :${key} in ${route.path}`);
    return encodeURIComponent(value);
  });
}
