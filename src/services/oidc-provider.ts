import type { JsonWebKey } from 'node:crypto';
import { z } from 'zod';
import { isAcceptableProviderUrl, type OidcConfig } from '../core/config.js';
import { AuthError, SourceUnavailableError } from '../core/errors.js';
import type { KeySet } from './oidc-jwt.js';

/**
 * The provider as ospokit sees it: its discovery document and key set, each cached for a while, and
 * its token endpoint. Node's fetch with a timeout; endpoints must be https (http on loopback only).
 */

export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
}

export interface Provider {
  metadata(): Promise<ProviderMetadata>;
  keys: KeySet;
  /** Trade an authorization code for the ID token (with the PKCE verifier and the client's credentials). */
  exchangeCode(input: { code: string; verifier: string; redirectUri: string }): Promise<string>;
}

export interface ProviderOptions {
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** How long discovery and JWKS answers are kept (1 hour). */
  cacheMs?: number;
  /** Least time between two refetches of the JWKS for unknown key ids (10 s). */
  refetchCooldownMs?: number;
  timeoutMs?: number;
}

const MAX_BYTES = 1024 * 1024;

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});
const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });
const tokenSchema = z.object({ id_token: z.string().min(1) });
const tokenErrorSchema = z.object({ error: z.string() });

export function createProvider(config: OidcConfig, options: ProviderOptions = {}): Provider {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 60 * 60 * 1000;
  const cooldownMs = options.refetchCooldownMs ?? 10_000;
  const http = jsonHttp(options.fetch ?? globalThis.fetch, options.timeoutMs ?? 10_000);
  const discovery = cached(cacheMs, now, async () =>
    toMetadata(config, await http.get(discoveryUrl(config.issuer), discoverySchema, 'discovery document')),
  );
  let jwks: { uri: string; cache: Cached<JsonWebKey[]> } | null = null;
  let lastForced = Number.NEGATIVE_INFINITY;
  const keyCache = async () => {
    const uri = (await discovery.get()).jwksUri;
    if (jwks?.uri !== uri) {
      const load = async () => (await http.get(uri, jwksSchema, 'key set')).keys as JsonWebKey[];
      jwks = { uri, cache: cached(cacheMs, now, load) };
    }
    return jwks.cache;
  };

  return {
    metadata: () => discovery.get(),
    keys: {
      current: async () => (await keyCache()).get(),
      async refresh() {
        const cache = await keyCache();
        if (now() - lastForced < cooldownMs) return cache.get();
        lastForced = now();
        return cache.refresh();
      },
    },
    async exchangeCode({ code, verifier, redirectUri }) {
      const meta = await discovery.get();
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      const headers: Record<string, string> = {};
      if (meta.tokenAuthMethod === 'client_secret_basic') {
        const pair = `${formEncode(config.clientId)}:${formEncode(config.clientSecret ?? '')}`;
        headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
      } else {
        form.set('client_id', config.clientId);
        if (meta.tokenAuthMethod === 'client_secret_post')
          form.set('client_secret', config.clientSecret ?? '');
      }
      const answer = await http.post(meta.tokenEndpoint, form, headers);
      if (answer.ok) return parse(tokenSchema, answer.body, 'token response').id_token;
      const error = tokenErrorSchema.safeParse(answer.body);
      const reason = error.success ? error.data.error.replace(/[^\w.-]/g, '').slice(0, 64) : null;
      if (reason === 'invalid_client' || reason === 'unauthorized_client') {
        throw new AuthError(
          'ERR_OSPO_OIDC_CLIENT_REJECTED',
          `the token endpoint refused the client (${reason})`,
          {
            hint: 'Check OSPO_OIDC_CLIENT_ID and OSPO_OIDC_CLIENT_SECRET against the provider.',
          },
        );
      }
      if (answer.status >= 500 || !reason) {
        throw unavailable(`the token endpoint answered HTTP ${answer.status}`);
      }
      throw new AuthError('ERR_OSPO_OIDC_CODE_REJECTED', `the token endpoint refused the code (${reason})`, {
        hint: 'Codes are good for one use and a short time; sign in again.',
      });
    },
  };
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

function toMetadata(config: OidcConfig, doc: z.infer<typeof discoverySchema>): ProviderMetadata {
  if (doc.issuer !== config.issuer) {
    throw discoveryError(`the provider calls itself ${doc.issuer}, not ${config.issuer}`, {
      hint: `Set OSPO_OIDC_ISSUER=${doc.issuer} exactly (tokens are checked against it).`,
    });
  }
  for (const [name, value] of [
    ['authorization_endpoint', doc.authorization_endpoint],
    ['token_endpoint', doc.token_endpoint],
    ['jwks_uri', doc.jwks_uri],
  ] as const) {
    if (!URL.canParse(value) || !isAcceptableProviderUrl(new URL(value))) {
      throw discoveryError(`the discovery document's ${name} is not an https:// URL`, {
        hint: 'ospokit talks to the provider over TLS only (http:// on loopback for tests).',
      });
    }
  }
  const challenges = doc.code_challenge_methods_supported;
  if (challenges && !challenges.includes('S256')) {
    throw discoveryError('the provider does not support PKCE with S256', {
      hint: 'Enable PKCE (S256) for the client at the provider.',
    });
  }
  return {
    issuer: doc.issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    jwksUri: doc.jwks_uri,
    tokenAuthMethod: authMethod(config, doc.token_endpoint_auth_methods_supported),
  };
}

/** client_secret_basic unless the provider lists only _post (the spec's default is basic). */
function authMethod(
  config: OidcConfig,
  supported: string[] | undefined,
): ProviderMetadata['tokenAuthMethod'] {
  if (config.clientSecret === null) return 'none';
  const methods = supported ?? ['client_secret_basic'];
  if (methods.includes('client_secret_basic')) return 'client_secret_basic';
  if (methods.includes('client_secret_post')) return 'client_secret_post';
  throw discoveryError(`the token endpoint takes none of client_secret_basic, client_secret_post`, {
    hint: `It lists ${methods.join(', ') || 'nothing'}; configure the client for a client secret.`,
  });
}

interface Cached<T> {
  get(): Promise<T>;
  refresh(): Promise<T>;
}

/** One value kept for ttlMs; concurrent callers share one fetch, failures are not kept. */
function cached<T>(ttlMs: number, now: () => number, load: () => Promise<T>): Cached<T> {
  let entry: { value: Promise<T>; at: number } | null = null;
  const refresh = () => {
    const value = load();
    const mine = { value, at: now() };
    entry = mine;
    value.catch(() => {
      if (entry === mine) entry = null;
    });
    return value;
  };
  return {
    get: () => (entry && now() - entry.at < ttlMs ? entry.value : refresh()),
    refresh,
  };
}

function jsonHttp(doFetch: typeof globalThis.fetch, timeoutMs: number) {
  const call = async (
    url: string,
    init: RequestInit,
  ): Promise<{ ok: boolean; status: number; body: unknown }> => {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (e) {
      throw unavailable(
        `${new URL(url).host} cannot be reached (${e instanceof Error ? e.name : 'error'})`,
        e,
      );
    }
    if (text.length > MAX_BYTES) throw unavailable(`${new URL(url).host} answered more than 1 MiB`);
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: left null, reported by the caller
    }
    return { ok: res.ok, status: res.status, body };
  };
  return {
    async get<T extends z.ZodType>(url: string, schema: T, what: string): Promise<z.infer<T>> {
      const answer = await call(url, { headers: { accept: 'application/json' } });
      if (!answer.ok) throw unavailable(`the ${what} at ${url} answered HTTP ${answer.status}`);
      return parse(schema, answer.body, what);
    },
    post: (url: string, form: URLSearchParams, headers: Record<string, string>) =>
      call(url, {
        method: 'POST',
        headers: {
          ...headers,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      }),
  };
}

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
  throw discoveryError(`the provider's ${what} is not what OpenID Connect describes (${fields})`, {
    hint: 'Check that OSPO_OIDC_ISSUER names an OpenID Connect provider.',
  });
}

/** RFC 6749 2.3.1: id and secret are form-encoded before they go into the Basic header. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function discoveryError(message: string, options: { hint: string }): SourceUnavailableError {
  return new SourceUnavailableError('ERR_OSPO_OIDC_DISCOVERY', message, options);
}

function unavailable(message: string, cause?: unknown): SourceUnavailableError {
  return new SourceUnavailableError('ERR_OSPO_OIDC_UNAVAILABLE', `single sign-on provider: ${message}`, {
    hint: 'Check that the provider is up and reachable from the ospokit server; then sign in again.',
    ...(cause === undefined ? {} : { cause }),
  });
}
