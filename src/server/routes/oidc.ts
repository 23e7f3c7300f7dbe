import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { CALLBACK_PATH, type OidcService, PENDING_TTL_MS, shortCode } from '../../services/oidc.js';
import { type App, type AppEnv, defineRoute } from '../context.js';
import { setSessionCookie } from './auth.js';
import { json, notFound } from './common.js';

/** The cookie that ties a sign-in in progress to the browser that started it. */
export const OIDC_COOKIE = 'ospo_oidc';
/** Where a failed sign-in lands: the sign-in page, with `?sso_error=<short code>`. */
export const SIGN_IN_PAGE = '/';

const ssoState = z
  .object({
    enabled: z.boolean(),
    startUrl: z.string().nullable().meta({ description: 'Where the sign-in button goes; null when off.' }),
  })
  .meta({ id: 'SsoState' });

const redirect = (description: string) => ({
  description,
  headers: z.object({ location: z.string() }),
});

export interface OidcRouteOptions {
  oidc: OidcService | null;
  log?: ((line: string) => void) | undefined;
}

export function oidcRoutes(app: App, { oidc, log }: OidcRouteOptions): void {
  const cookiePath = '/api/v1/auth/oidc';
  const enabled = () => {
    if (oidc) return oidc;
    throw new NotFoundError('ERR_OSPO_OIDC_OFF', 'single sign-on is not configured on this server', {
      hint: 'Set OSPO_OIDC_ISSUER and OSPO_OIDC_CLIENT_ID (see docs/guide/oidc.md), or sign in with a password.',
    });
  };

  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/auth/oidc',
      tags: ['auth'],
      summary: 'Whether single sign-on (OpenID Connect) is available, for the sign-in form',
      responses: { 200: json(ssoState, 'Single sign-on state.') },
    }),
    (c) => c.json({ enabled: oidc !== null, startUrl: oidc ? `${cookiePath}/start` : null }, 200),
  );

  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/auth/oidc/start',
      tags: ['auth'],
      summary: 'Start a single sign-on: redirects to the provider',
      request: {
        query: z.object({
          return: z.string().max(2048).optional().meta({ description: 'A path on this site to land on.' }),
        }),
      },
      responses: {
        302: redirect('To the provider, or to the sign-in page when it is unreachable.'),
        ...notFound,
      },
    }),
    async (c) => {
      const service = enabled();
      try {
        const { location, binding } = await service.start(c.get('store'), {
          requestUrl: c.req.url,
          returnTo: c.req.valid('query').return ?? null,
        });
        setCookie(c, OIDC_COOKIE, binding, {
          httpOnly: true,
          // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it
          sameSite: 'Lax',
          secure: new URL(c.req.url).protocol === 'https:',
          path: cookiePath,
          maxAge: PENDING_TTL_MS / 1000,
        });
        return c.redirect(location, 302);
      } catch (error) {
        return failed(c, error, 'start');
      }
    },
  );

  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: CALLBACK_PATH,
      tags: ['auth'],
      summary: 'Where the provider sends the browser back; sets the session cookie',
      request: {
        query: z.object({
          code: z.string().max(4096).optional(),
          state: z.string().max(512).optional(),
          error: z.string().max(256).optional(),
        }),
      },
      responses: {
        302: redirect('Signed in: to the saved path. Refused: to the sign-in page with ?sso_error=<code>.'),
        ...notFound,
      },
    }),
    async (c) => {
      const service = enabled();
      const query = c.req.valid('query');
      const binding = getCookie(c, OIDC_COOKIE) ?? null;
      deleteCookie(c, OIDC_COOKIE, { path: cookiePath });
      try {
        const signed = await service.finish(c.get('store'), {
          state: query.state ?? null,
          code: query.code ?? null,
          error: query.error ?? null,
          binding,
        });
        setSessionCookie(c, signed.token, signed.expiresAt);
        log?.(`single sign-on: ${signed.user.email} signed in`);
        return c.redirect(signed.returnTo, 302);
      } catch (error) {
        return failed(c, error, 'callback');
      }
    },
  );

  /** Tell the browser a short code and the log the reason; neither ever sees a token or a secret. */
  function failed(c: Context<AppEnv>, error: unknown, step: string) {
    const code = shortCode(error);
    const reason = error instanceof Error ? error.message : String(error);
    const known = code !== 'failed';
    log?.(`single sign-on ${step} refused (${code}): ${known ? reason : 'internal error'}`);
    if (!known)
      log?.(`single sign-on ${step} internal error: ${error instanceof Error ? error.stack : reason}`);
    return c.redirect(`${SIGN_IN_PAGE}?sso_error=${code}`, 302);
  }
}
