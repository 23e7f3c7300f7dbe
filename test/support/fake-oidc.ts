import {
  createHash,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenID provider on 127.0.0.1 (a random port) for tests: discovery, an authorize endpoint that
 * approves at once as `user`, a token endpoint that checks the code (one use), the redirect URI, the
 * PKCE verifier and the client's credentials, and a JWKS. `next` bends the next ID token to test how
 * the client refuses it.
 */

export interface FakeUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TokenTweaks {
  audience?: string | string[];
  issuer?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
  nonce?: string;
  /** Signed with a key of the same kid that the JWKS does not hold. */
  forgeSignature?: boolean;
}

export interface FakeOidc {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  user: FakeUser;
  /** Applied to every ID token until changed. */
  tweaks: TokenTweaks;
  /** The authorize endpoint answers error=access_denied. */
  deny: boolean;
  /** Paths asked for, in order (discovery and JWKS fetches are counted from here). */
  readonly requests: string[];
  /** Token endpoint refusals, by reason, for assertions. */
  readonly refusals: string[];
  close(): Promise<void>;
}

export interface FakeOidcOptions {
  clientId?: string;
  clientSecret?: string;
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  user?: FakeUser;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  nonce: string | null;
  challenge: string;
  user: FakeUser;
  used: boolean;
}

export async function startFakeOidc(options: FakeOidcOptions = {}): Promise<FakeOidc> {
  const clientId = options.clientId ?? 'ospokit-test';
  const clientSecret = options.clientSecret ?? 'a client secret: with odd+chars';
  const authMethod = options.authMethod ?? 'client_secret_basic';
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const grants = new Map<string, Grant>();
  let issuer = '';

  const fake: FakeOidc = {
    get issuer() {
      return issuer;
    },
    clientId,
    clientSecret,
    user: options.user ?? { sub: 'user-1', email: 'ada@example.com', email_verified: true, name: 'Ada' },
    tweaks: {},
    deny: false,
    requests: [],
    refusals: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const idToken = (grant: Grant): string => {
    const t = fake.tweaks;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      ...grant.user,
      iss: t.issuer ?? issuer,
      aud: t.audience ?? clientId,
      exp: now + (t.expiresIn ?? 300),
      iat: now,
      ...(grant.nonce === null && t.nonce === undefined ? {} : { nonce: t.nonce ?? grant.nonce }),
    };
    return signJwt(claims, t.forgeSignature ? forged.privateKey : key.privateKey, kid);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    fake.requests.push(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: [authMethod],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      const jwk = key.publicKey.export({ format: 'jwk' }) as JsonWebKey;
      return send(200, { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      const back = new URL(redirectUri);
      if (q.get('state') !== null) back.searchParams.set('state', q.get('state') ?? '');
      const ok =
        q.get('response_type') === 'code' &&
        q.get('client_id') === clientId &&
        q.get('code_challenge_method') === 'S256' &&
        (q.get('scope') ?? '').split(' ').includes('openid');
      if (!ok || fake.deny) {
        back.searchParams.set('error', ok ? 'access_denied' : 'invalid_request');
      } else {
        const code = randomBytes(16).toString('hex');
        grants.set(code, {
          clientId,
          redirectUri,
          nonce: q.get('nonce'),
          challenge: q.get('code_challenge') ?? '',
          user: { ...fake.user },
          used: false,
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const refuse = (status: number, error: string, reason: string) => {
          fake.refusals.push(reason);
          send(status, { error });
        };
        if (!clientAuthenticated(req.headers.authorization, form, authMethod, clientId, clientSecret)) {
          return refuse(401, 'invalid_client', 'client');
        }
        const grant = grants.get(form.get('code') ?? '');
        if (form.get('grant_type') !== 'authorization_code' || !grant)
          return refuse(400, 'invalid_grant', 'code');
        if (grant.used) return refuse(400, 'invalid_grant', 'replay');
        grant.used = true;
        if (form.get('redirect_uri') !== grant.redirectUri)
          return refuse(400, 'invalid_grant', 'redirect_uri');
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
          return refuse(400, 'invalid_grant', 'pkce');
        }
        send(200, {
          access_token: randomBytes(16).toString('hex'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken(grant),
        });
      });
      return;
    }
    send(404, { error: 'not_found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A compact JWS; ES256 signatures in the JOSE (r || s) form. */
export function signJwt(
  claims: object,
  key: KeyObject,
  kid?: string,
  alg: 'RS256' | 'ES256' = 'RS256',
): string {
  const header = { alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const data = `${encode(header)}.${encode(claims)}`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(data), key)
      : sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' });
  return `${data}.${signature.toString('base64url')}`;
}

function clientAuthenticated(
  authorization: string | undefined,
  form: URLSearchParams,
  method: 'client_secret_basic' | 'client_secret_post',
  clientId: string,
  clientSecret: string,
): boolean {
  if (method === 'client_secret_post') {
    return !authorization && form.get('client_id') === clientId && form.get('client_secret') === clientSecret;
  }
  if (!authorization?.startsWith('Basic ') || form.has('client_secret')) return false;
  const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
  const decode = (v: string | undefined) => new URLSearchParams(`v=${v ?? ''}`).get('v');
  return decode(id) === clientId && decode(secret) === clientSecret;
}
