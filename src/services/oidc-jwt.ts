import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { AuthError } from '../core/errors.js';

/**
 * ID-token verification with node:crypto: a compact JWS signed RS256 or ES256 by a key of the
 * provider's JWKS, then the claims OpenID Connect Core 3.1.3.7 asks a client to check. The signature is
 * checked before any claim is believed; messages never quote the token.
 */

/** The provider's signing keys: the cached set, and a fresh one when a token names a key not in it. */
export interface KeySet {
  current(): Promise<readonly JsonWebKey[]>;
  refresh(): Promise<readonly JsonWebKey[]>;
}

export interface VerifyOptions {
  issuer: string;
  clientId: string;
  nonce: string;
  keys: KeySet;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  /** Allowed difference between our clock and the provider's (60 s). */
  skewSeconds?: number;
}

export const ALGORITHMS = ['RS256', 'ES256'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

const header = z.object({
  alg: z.string(),
  kid: z.string().optional(),
  typ: z.string().optional(),
  crit: z.array(z.string()).optional(),
});

const claims = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string()).min(1)]),
  exp: z.number(),
  iat: z.number(),
  nbf: z.number().optional(),
  nonce: z.string().optional(),
  azp: z.string().optional(),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});
export type IdTokenClaims = z.infer<typeof claims>;

export async function verifyIdToken(token: string, options: VerifyOptions): Promise<IdTokenClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    throw refused('ERR_OSPO_OIDC_TOKEN_MALFORMED', 'the ID token is not a compact JWS');
  }
  const [head = '', body = '', signature = ''] = parts;
  const h = decodePart(head, header, 'header');
  if (!isAlgorithm(h.alg)) {
    throw refused(
      'ERR_OSPO_OIDC_ALGORITHM',
      `the ID token is signed with ${h.alg}; only RS256 and ES256 are accepted`,
    );
  }
  if (h.crit?.length) {
    throw refused('ERR_OSPO_OIDC_TOKEN_MALFORMED', 'the ID token has critical header extensions');
  }
  const keys = await keysFor(h.alg, h.kid, options.keys);
  const data = Buffer.from(`${head}.${body}`);
  const sig = Buffer.from(signature, 'base64url');
  if (!keys.some((key) => verifies(h.alg as Algorithm, key, data, sig))) {
    throw refused('ERR_OSPO_OIDC_SIGNATURE', 'the ID token signature does not verify');
  }
  const c = decodePart(body, claims, 'claims');
  checkClaims(c, options);
  return c;
}

function checkClaims(c: IdTokenClaims, options: VerifyOptions): void {
  const now = (options.now ?? Date.now)() / 1000;
  const skew = options.skewSeconds ?? 60;
  if (c.iss !== options.issuer) {
    throw refused('ERR_OSPO_OIDC_ISSUER', `the ID token was issued by ${c.iss}, not ${options.issuer}`);
  }
  const audiences = typeof c.aud === 'string' ? [c.aud] : c.aud;
  if (!audiences.includes(options.clientId)) {
    throw refused('ERR_OSPO_OIDC_AUDIENCE', 'the ID token is meant for another client');
  }
  if ((audiences.length > 1 || c.azp !== undefined) && c.azp !== options.clientId) {
    throw refused('ERR_OSPO_OIDC_AUDIENCE', 'the ID token was issued to another party (azp)');
  }
  if (now > c.exp + skew) throw refused('ERR_OSPO_OIDC_EXPIRED', 'the ID token has expired');
  if (c.iat > now + skew || (c.nbf !== undefined && c.nbf > now + skew)) {
    throw refused('ERR_OSPO_OIDC_NOT_YET_VALID', 'the ID token is not valid yet (check the clocks)');
  }
  if (c.nonce !== options.nonce) {
    throw refused('ERR_OSPO_OIDC_NONCE', 'the ID token does not carry the nonce of this sign-in');
  }
}

/** Keys that may have signed: the one named by kid (or every suitable one without a kid), refetched once. */
async function keysFor(alg: Algorithm, kid: string | undefined, source: KeySet): Promise<KeyObject[]> {
  const found = usable(await source.current(), alg, kid);
  if (found.length > 0) return found;
  const again = usable(await source.refresh(), alg, kid);
  if (again.length > 0) return again;
  throw refused(
    'ERR_OSPO_OIDC_KEY_UNKNOWN',
    kid ? `the provider's key set has no ${alg} key "${kid}"` : `the provider's key set has no ${alg} key`,
  );
}

function usable(jwks: readonly JsonWebKey[], alg: Algorithm, kid: string | undefined): KeyObject[] {
  const kty = alg === 'RS256' ? 'RSA' : 'EC';
  const out: KeyObject[] = [];
  for (const jwk of jwks) {
    if (jwk.kty !== kty || (kid !== undefined && jwk.kid !== kid)) continue;
    if ((jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== alg)) continue;
    if (kty === 'EC' && jwk.crv !== 'P-256') continue;
    const key = publicKey(jwk);
    if (key) out.push(key);
  }
  return out;
}

function publicKey(jwk: JsonWebKey): KeyObject | null {
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    // RSA keys below 2048 bits are refused, as NIST and the JWA spec ask
    return key.asymmetricKeyType === 'rsa' && (bits ?? 0) < 2048 ? null : key;
  } catch {
    return null; // a key we cannot read cannot have signed
  }
}

function verifies(alg: Algorithm, key: KeyObject, data: Buffer, sig: Buffer): boolean {
  try {
    if (alg === 'RS256') return key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, sig);
    return (
      key.asymmetricKeyType === 'ec' &&
      sig.length === 64 &&
      verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
    );
  } catch {
    return false;
  }
}

function decodePart<T extends z.ZodType>(part: string, schema: T, what: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw refused('ERR_OSPO_OIDC_TOKEN_MALFORMED', `the ID token ${what} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw refused(
      'ERR_OSPO_OIDC_TOKEN_MALFORMED',
      `the ID token ${what} has missing or mistyped fields: ${fields}`,
    );
  }
  return parsed.data;
}

function isAlgorithm(alg: string): alg is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(alg);
}

function refused(code: string, message: string): AuthError {
  return new AuthError(code, message, {
    hint: 'Sign in again; if it keeps failing, an admin can find the reason in the server log.',
  });
}
