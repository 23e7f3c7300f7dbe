import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OidcConfig } from '../core/config.js';
import { AuthError, isOspoError, type OspoError } from '../core/errors.js';
import type { User } from '../core/schemas.js';
import { type IdTokenClaims, verifyIdToken } from './oidc-jwt.js';
import { createProvider, type Provider, type ProviderOptions } from './oidc-provider.js';
import type { OidcPendingRecord, Store } from './ports.js';
import { type SignedIn, startSession } from './users.js';

/**
 * Single sign-on with OpenID Connect: the authorization-code flow with PKCE (S256), state and nonce.
 * What a sign-in in progress needs (verifier, nonce, where to return) stays in the store (so the
 * callback may reach any server process), keyed by state, for ten minutes and one use; the browser
 * holds only a random value that binds the state to it
 * (a cookie), so a callback link made by someone else cannot sign a victim in. At the end the user is
 * found by email, or created with the default role, and gets an ordinary session.
 */

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
export const PENDING_TTL_MS = 10 * 60 * 1000;
const SCOPE = 'openid email profile';

export interface OidcService {
  readonly config: OidcConfig;
  /** A new sign-in: where to send the browser, and the binding value for its cookie. */
  start(
    store: Store,
    input: {
      requestUrl: string;
      returnTo: string | null;
    },
  ): Promise<{ location: string; binding: string }>;
  /** The provider sent the browser back: check everything, then sign the user in. */
  finish(
    store: Store,
    input: { state: string | null; code: string | null; error: string | null; binding: string | null },
  ): Promise<SignedIn & { returnTo: string }>;
}

export interface OidcServiceOptions extends ProviderOptions {
  provider?: Provider;
}

export function createOidcService(config: OidcConfig, options: OidcServiceOptions = {}): OidcService {
  const provider = options.provider ?? createProvider(config, options);
  const now = options.now ?? Date.now;

  /** Take the entry out whatever happens next: a state is good for one callback. */
  const take = async (store: Store, state: string | null): Promise<OidcPendingRecord | null> => {
    if (!state || state.length > 200) return null;
    const entry = await store.repos.oidcPending.take(state);
    return entry && entry.expiresAt.getTime() > now() ? entry : null;
  };

  return {
    config,
    async start(store, { requestUrl, returnTo }) {
      const meta = await provider.metadata();
      const state = random();
      const nonce = random();
      const verifier = random();
      const binding = random();
      const redirectUri = config.redirectUrl ?? new URL(CALLBACK_PATH, requestUrl).toString();
      await store.repos.oidcPending.put(
        {
          state,
          bindingHash: sha256(binding).toString('hex'),
          nonce,
          verifier,
          redirectUri,
          returnTo: safeReturnPath(returnTo),
          expiresAt: new Date(now() + PENDING_TTL_MS),
        },
        new Date(now()),
      );
      const url = new URL(meta.authorizationEndpoint);
      const params = {
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: SCOPE,
        state,
        nonce,
        code_challenge: sha256(verifier).toString('base64url'),
        code_challenge_method: 'S256',
      };
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return { location: url.toString(), binding };
    },

    async finish(store, { state, code, error, binding }) {
      const entry = await take(store, state);
      if (!entry || !binding || !timingSafeEqual(Buffer.from(entry.bindingHash, 'hex'), sha256(binding))) {
        throw refused(
          'ERR_OSPO_OIDC_STATE',
          'the sign-in is unknown, expired, used, or from another browser',
        );
      }
      if (error !== null) {
        const reason = error.replace(/[^\w.-]/g, '').slice(0, 64);
        throw refused(
          reason === 'access_denied' ? 'ERR_OSPO_OIDC_DENIED' : 'ERR_OSPO_OIDC_PROVIDER_ERROR',
          `the provider answered ${reason || 'an error'}`,
        );
      }
      if (!code) throw refused('ERR_OSPO_OIDC_CODE_REJECTED', 'the provider sent no authorization code');
      const idToken = await provider.exchangeCode({
        code,
        verifier: entry.verifier,
        redirectUri: entry.redirectUri,
      });
      const claims = await verifyIdToken(idToken, {
        issuer: config.issuer,
        clientId: config.clientId,
        nonce: entry.nonce,
        keys: provider.keys,
        now,
      });
      const user = await provision(store, config, claims);
      const signed = await startSession(store, user, { method: 'oidc', issuer: config.issuer });
      return { ...signed, returnTo: entry.returnTo };
    },
  };
}

/** The short code a sign-in failure is reported to the browser with: `ERR_OSPO_OIDC_NONCE` is `nonce`. */
export function shortCode(error: unknown): string {
  const code = isOspoError(error) ? (error as OspoError).code : '';
  const match = /^ERR_OSPO_OIDC_([A-Z_]+)$/.exec(code);
  return match?.[1] ? match[1].toLowerCase().replaceAll('_', '-') : 'failed';
}

/**
 * Only a path on this site: `/projects/x?tab=1`, never `//evil.example` or `https://…` (an open
 * redirect would let a link bounce a freshly signed-in user anywhere).
 */
export function safeReturnPath(raw: string | null): string {
  if (!raw || raw.length > 1024 || !raw.startsWith('/') || raw.startsWith('//') || /[\\\s]/.test(raw)) {
    return '/';
  }
  const base = 'http://ospokit.invalid';
  const url = new URL(raw, base);
  if (url.origin !== base || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

const email = z.email().max(320);

async function provision(store: Store, config: OidcConfig, claims: IdTokenClaims): Promise<User> {
  const parsed = email.safeParse(claims.email);
  if (!parsed.success) {
    throw refused('ERR_OSPO_OIDC_NO_EMAIL', 'the ID token carries no usable email address', {
      hint: 'Ask the provider for the email scope (and, for Entra ID, the email optional claim).',
    });
  }
  if (claims.email_verified === false || claims.email_verified === 'false') {
    throw refused('ERR_OSPO_OIDC_EMAIL_UNVERIFIED', `the provider has not verified ${parsed.data}`);
  }
  const address = parsed.data.toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (config.allowedDomains.length > 0 && !config.allowedDomains.includes(domain)) {
    throw refused('ERR_OSPO_OIDC_DOMAIN', `${address}: the domain ${domain} may not sign in`, {
      hint: `Allowed: ${config.allowedDomains.join(', ')} (OSPO_OIDC_ALLOWED_DOMAINS).`,
    });
  }
  const existing = await findUser(store, address);
  if (existing) return existing;
  const name = (claims.name ?? claims.preferred_username ?? address.split('@')[0] ?? address).trim();
  try {
    return await store.transaction(async (repos) => {
      const user = await repos.users.insert({
        email: address,
        name: (name || address).slice(0, 200),
        role: config.defaultRole,
        passwordHash: null,
      });
      await repos.audit.append({
        actor: `oidc:${config.issuer}`,
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, role: user.role, via: 'oidc', subject: claims.sub },
      });
      return user;
    });
  } catch (error) {
    // two first sign-ins at once: the other one created the user
    const raced = await findUser(store, address);
    if (raced) return raced;
    throw error;
  }
}

async function findUser(store: Store, address: string): Promise<User | null> {
  const found = await store.repos.users.getByEmailWithSecret(address);
  if (!found) return null;
  if (found.disabled) {
    throw refused('ERR_OSPO_OIDC_USER_DISABLED', `${address}: the account is disabled`, {
      hint: 'An admin can enable the account again.',
    });
  }
  const { passwordHash: _secret, disabled: _disabled, ...user } = found;
  return user;
}

function random(): string {
  return randomBytes(32).toString('base64url');
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function refused(code: string, message: string, options: { hint?: string } = {}): AuthError {
  return new AuthError(code, message, {
    hint: options.hint ?? 'Start the sign-in again from the sign-in page.',
  });
}
