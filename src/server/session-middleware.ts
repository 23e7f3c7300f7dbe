import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ForbiddenError } from '../core/errors.js';
import { resolveSession } from '../services/users.js';
import type { AppEnv } from './context.js';
import { actorFromBearer, bearerCredentials } from './token-auth.js';

export const SESSION_COOKIE = 'ospo_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Find who is asking from the session cookie. Unsafe methods that ride on the cookie must also echo
 * the session's CSRF token in a header, which a cross-site form or image cannot do.
 * A bearer API token wins over the cookie and needs no CSRF token: a browser never adds an
 * Authorization header by itself, so a cross-site request cannot carry one. Other schemes (a proxy's
 * Basic auth) are left alone.
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('csrfToken', null);
    c.set('sessionToken', null);
    const bearer = bearerCredentials(c.req.header('authorization'));
    if (bearer !== null) {
      c.set('actor', await actorFromBearer(c.get('store'), bearer));
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await resolveSession(c.get('store'), token);
      if (session) {
        c.set('actor', { kind: 'user', user: session.user });
        c.set('csrfToken', session.csrfToken);
        c.set('sessionToken', token);
        if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
          throw new ForbiddenError('ERR_OSPO_CSRF', 'missing or wrong CSRF token', {
            hint: `Send the csrfToken from GET /api/v1/auth/session in the ${CSRF_HEADER} header.`,
          });
        }
      }
    }
    return next();
  };
}
