import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AuthError, ForbiddenError } from '../core/errors.js';
import { type Actor, authorize, type Permission } from '../services/actor.js';
import type { Store } from '../services/ports.js';

export interface AppVariables {
  store: Store;
  actor: Actor | null;
  /** The signed-in session's CSRF token, when the caller came with a session cookie. */
  csrfToken: string | null;
  sessionToken: string | null;
}
export type AppEnv = { Variables: AppVariables };
export type App = OpenAPIHono<AppEnv>;

/** Who may call a route: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'signed-in' | Permission;

export interface DeclaredRoute {
  method: string;
  path: string;
  access: Access;
}

/**
 * Every API route is declared through here, with its access rule: the rule runs before the handler,
 * is written into the OpenAPI document, and is listed so a test can call every route as everyone.
 */
export function defineRoute<R extends Omit<RouteConfig, 'middleware'>>(access: Access, config: R) {
  return createRoute({
    ...config,
    middleware: [guard(access)] as MiddlewareHandler[],
    ...(access === 'public' ? {} : { security: [{ session: [] }, { token: [] }] }),
    'x-ospo-access': access,
  } as R & { middleware: MiddlewareHandler[] });
}

export function guard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const actor = c.get('actor');
    if (!actor) {
      throw new AuthError('ERR_OSPO_UNAUTHENTICATED', 'sign in first', {
        hint: 'Send the session cookie from POST /api/v1/auth/login.',
      });
    }
    if (access !== 'signed-in') authorize(actor, access);
    return next();
  };
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new ForbiddenError('ERR_OSPO_FORBIDDEN', 'no actor on a guarded route');
  return actor;
}
