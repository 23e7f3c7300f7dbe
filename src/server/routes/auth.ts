import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { newUser, user } from '../../core/schemas.js';
import { needsSetup, setupFirstAdmin, signIn, signOut } from '../../services/users.js';
import { type App, type AppEnv, defineRoute, requireActor } from '../context.js';
import { RateLimiter } from '../rate-limit.js';
import { SESSION_COOKIE } from '../session-middleware.js';
import { conflict, guardedErrors, json, tooMany } from './common.js';

const credentials = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
const session = z.object({ user, csrfToken: z.string() }).meta({ id: 'Session' });
const setupState = z.object({ needsSetup: z.boolean() }).meta({ id: 'SetupState' });

/** Ten failed logins per address and per account in 15 minutes, then 429 until the window ends. */
const FAILURES_ALLOWED = 10;
const WINDOW_MS = 15 * 60 * 1000;

export function authRoutes(app: App, limiter = new RateLimiter(FAILURES_ALLOWED, WINDOW_MS)): void {
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/setup',
      tags: ['auth'],
      summary: 'Whether the first admin still has to be created',
      responses: { 200: json(setupState, 'Setup state.') },
    }),
    async (c) => c.json({ needsSetup: await needsSetup(c.get('store')) }, 200),
  );

  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/v1/setup',
      tags: ['auth'],
      summary: 'Create the first admin and sign in; refused once any user exists',
      request: {
        body: { required: true, content: { 'application/json': { schema: newUser.omit({ role: true }) } } },
      },
      responses: { 201: json(session, 'The admin, signed in.'), 400: guardedErrors[400], ...conflict },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await setupFirstAdmin(c.get('store'), body, 'setup:web');
      const signed = await signIn(c.get('store'), body.email, body.password);
      setSessionCookie(c, signed.token, signed.expiresAt);
      return c.json({ user: signed.user, csrfToken: signed.csrfToken }, 201);
    },
  );

  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/v1/auth/login',
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      request: { body: { required: true, content: { 'application/json': { schema: credentials } } } },
      responses: {
        200: json(session, 'Signed in.'),
        400: guardedErrors[400],
        401: guardedErrors[401],
        ...tooMany,
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const keys = [`ip:${clientAddress(c)}`, `email:${email.toLowerCase()}`];
      for (const key of keys) limiter.check(key);
      try {
        const signed = await signIn(c.get('store'), email, password);
        limiter.reset(`email:${email.toLowerCase()}`);
        setSessionCookie(c, signed.token, signed.expiresAt);
        return c.json({ user: signed.user, csrfToken: signed.csrfToken }, 200);
      } catch (error) {
        for (const key of keys) limiter.hit(key);
        throw error;
      }
    },
  );

  app.openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/auth/session',
      tags: ['auth'],
      summary: 'Who is signed in, and the CSRF token to send with changes',
      responses: { 200: json(session, 'The current session.'), ...guardedErrors },
    }),
    (c) => {
      const actor = requireActor(c.get('actor'));
      if (actor.kind !== 'user') {
        throw new InputError('ERR_OSPO_NOT_A_SESSION', 'only a signed-in session has a session to show', {
          hint: 'API tokens need no session or CSRF token; call the other routes with the token directly.',
        });
      }
      return c.json({ user: actor.user, csrfToken: c.get('csrfToken') ?? '' }, 200);
    },
  );

  app.openapi(
    defineRoute('signed-in', {
      method: 'post',
      path: '/api/v1/auth/logout',
      tags: ['auth'],
      summary: 'Sign out: the session ends on the server, the cookie is cleared',
      responses: { 204: { description: 'Signed out.' }, ...guardedErrors },
    }),
    async (c) => {
      const token = c.get('sessionToken');
      if (token) await signOut(c.get('store'), token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    expires,
  });
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not running on node's http server (tests calling app.request)
  }
}
