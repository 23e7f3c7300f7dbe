import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt } from '../../test/support/fake-oidc.js';
import type { OidcConfig } from '../core/config.js';
import type { OspoError } from '../core/errors.js';
import { type KeySet, verifyIdToken } from './oidc-jwt.js';
import { createProvider } from './oidc-provider.js';

const ISSUER = 'https://login.example.com';
const CLIENT = 'ospokit';
const NOW = 1_750_000_000_000;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const jwk = (key: KeyObject, kid: string, extra: JsonWebKey = {}): JsonWebKey => ({
  ...(key.export({ format: 'jwk' }) as JsonWebKey),
  kid,
  ...extra,
});

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'u1',
  aud: CLIENT,
  iat: NOW / 1000,
  exp: NOW / 1000 + 300,
  nonce: 'n1',
  email: 'ada@example.com',
  ...extra,
});

/** A key set that hands out `first`, then `later` on every refresh, counting refreshes. */
function keySet(first: JsonWebKey[], later: JsonWebKey[] = first) {
  const set = { refreshes: 0 } as KeySet & { refreshes: number };
  set.current = async () => first;
  set.refresh = async () => {
    set.refreshes++;
    return later;
  };
  return set;
}

const verify = (token: string, keys: KeySet, extra: { nonce?: string } = {}) =>
  verifyIdToken(token, {
    issuer: ISSUER,
    clientId: CLIENT,
    nonce: extra.nonce ?? 'n1',
    keys,
    now: () => NOW,
  });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as OspoError).code;
  }
  return 'accepted';
}

describe('verifyIdToken', () => {
  it('accepts RS256 and ES256 tokens signed by a key of the set', async () => {
    const keys = keySet([jwk(rsa.publicKey, 'r1', { use: 'sig', alg: 'RS256' }), jwk(ec.publicKey, 'e1')]);
    const viaRsa = await verify(signJwt(claims(), rsa.privateKey, 'r1'), keys);
    expect(viaRsa).toMatchObject({ sub: 'u1', email: 'ada@example.com' });
    const viaEc = await verify(signJwt(claims(), ec.privateKey, 'e1', 'ES256'), keys);
    expect(viaEc.sub).toBe('u1');
    expect(keys.refreshes).toBe(0);
  });

  it('accepts a token without kid when a suitable key verifies it', async () => {
    const keys = keySet([jwk(rsa2.publicKey, 'other'), jwk(rsa.publicKey, 'r1')]);
    expect((await verify(signJwt(claims(), rsa.privateKey), keys)).sub).toBe('u1');
  });

  it('refetches the key set once for an unknown kid, and uses the key that appeared', async () => {
    const keys = keySet([jwk(rsa.publicKey, 'old')], [jwk(rsa.publicKey, 'old'), jwk(rsa2.publicKey, 'new')]);
    expect((await verify(signJwt(claims(), rsa2.privateKey, 'new'), keys)).sub).toBe('u1');
    expect(keys.refreshes).toBe(1);
  });

  it('refuses a kid that is still unknown after the refetch, refetching only once', async () => {
    const keys = keySet([jwk(rsa.publicKey, 'old')]);
    expect(await codeOf(verify(signJwt(claims(), rsa2.privateKey, 'gone'), keys))).toBe(
      'ERR_OSPO_OIDC_KEY_UNKNOWN',
    );
    expect(keys.refreshes).toBe(1);
  });

  it.each([
    [
      'a signature by another key under the same kid',
      () => signJwt(claims(), rsa2.privateKey, 'r1'),
      'ERR_OSPO_OIDC_SIGNATURE',
    ],
    [
      'an ES256 signature over changed claims',
      () => tamper(signJwt(claims(), ec.privateKey, 'e1', 'ES256')),
      'ERR_OSPO_OIDC_SIGNATURE',
    ],
    ['alg none', () => unsigned({ alg: 'none' }), 'ERR_OSPO_OIDC_ALGORITHM'],
    [
      'HS256 (a shared-secret algorithm)',
      () => unsigned({ alg: 'HS256', kid: 'r1' }),
      'ERR_OSPO_OIDC_ALGORITHM',
    ],
    [
      'an RS256 header on an EC key',
      () => unsigned({ alg: 'RS256', kid: 'e1' }),
      'ERR_OSPO_OIDC_KEY_UNKNOWN',
    ],
    [
      'critical header extensions',
      () => unsigned({ alg: 'RS256', kid: 'r1', crit: ['exp'] }),
      'ERR_OSPO_OIDC_TOKEN_MALFORMED',
    ],
    ['two parts', () => 'abc.def', 'ERR_OSPO_OIDC_TOKEN_MALFORMED'],
    ['a header that is not JSON', () => 'bm90IGpzb24.e30.AA', 'ERR_OSPO_OIDC_TOKEN_MALFORMED'],
    [
      'a missing sub',
      () => signJwt(claims({ sub: undefined }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_TOKEN_MALFORMED',
    ],
    [
      'another issuer',
      () => signJwt(claims({ iss: 'https://evil.example' }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_ISSUER',
    ],
    [
      'another audience',
      () => signJwt(claims({ aud: 'someone-else' }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_AUDIENCE',
    ],
    [
      'several audiences without azp',
      () => signJwt(claims({ aud: [CLIENT, 'x'] }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_AUDIENCE',
    ],
    [
      'an azp of another party',
      () => signJwt(claims({ azp: 'x' }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_AUDIENCE',
    ],
    [
      'exp beyond the skew',
      () => signJwt(claims({ exp: NOW / 1000 - 61 }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_EXPIRED',
    ],
    [
      'iat in the future',
      () => signJwt(claims({ iat: NOW / 1000 + 120 }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_NOT_YET_VALID',
    ],
    [
      'nbf in the future',
      () => signJwt(claims({ nbf: NOW / 1000 + 120 }), rsa.privateKey, 'r1'),
      'ERR_OSPO_OIDC_NOT_YET_VALID',
    ],
    ['another nonce', () => signJwt(claims({ nonce: 'n2' }), rsa.privateKey, 'r1'), 'ERR_OSPO_OIDC_NONCE'],
    ['no nonce', () => signJwt(claims({ nonce: undefined }), rsa.privateKey, 'r1'), 'ERR_OSPO_OIDC_NONCE'],
  ])('refuses %s', async (_name, token, code) => {
    const keys = keySet([jwk(rsa.publicKey, 'r1'), jwk(ec.publicKey, 'e1')]);
    expect(await codeOf(verify(token(), keys))).toBe(code);
  });

  it('allows a small clock skew, and several audiences when azp names us', async () => {
    const keys = keySet([jwk(rsa.publicKey, 'r1')]);
    const late = signJwt(claims({ exp: NOW / 1000 - 30, iat: NOW / 1000 + 30 }), rsa.privateKey, 'r1');
    expect((await verify(late, keys)).sub).toBe('u1');
    const many = signJwt(claims({ aud: ['x', CLIENT], azp: CLIENT }), rsa.privateKey, 'r1');
    expect((await verify(many, keys)).sub).toBe('u1');
  });

  it('refuses RSA keys shorter than 2048 bits', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const keys = keySet([jwk(weak.publicKey, 'w')]);
    expect(await codeOf(verify(signJwt(claims(), weak.privateKey, 'w'), keys))).toBe(
      'ERR_OSPO_OIDC_KEY_UNKNOWN',
    );
  });
});

describe('the provider key set', () => {
  const config: OidcConfig = {
    issuer: ISSUER,
    clientId: CLIENT,
    clientSecret: 's',
    redirectUrl: null,
    defaultRole: 'viewer',
    allowedDomains: [],
  };

  it('caches the JWKS, refetches for a rotated key, and not again within the cooldown', async () => {
    let jwks: JsonWebKey[] = [jwk(rsa.publicKey, 'k1')];
    const fetched: string[] = [];
    const fetch = (async (url: string | URL | Request) => {
      const path = new URL(String(url)).pathname;
      fetched.push(path);
      const body =
        path === '/jwks'
          ? { keys: jwks }
          : {
              issuer: ISSUER,
              authorization_endpoint: `${ISSUER}/auth`,
              token_endpoint: `${ISSUER}/token`,
              jwks_uri: `${ISSUER}/jwks`,
            };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    let now = NOW;
    const provider = createProvider(config, { fetch, now: () => now });
    const check = (token: string) =>
      verifyIdToken(token, {
        issuer: ISSUER,
        clientId: CLIENT,
        nonce: 'n1',
        keys: provider.keys,
        now: () => now,
      });

    await check(signJwt(claims(), rsa.privateKey, 'k1'));
    await check(signJwt(claims(), rsa.privateKey, 'k1'));
    expect(fetched).toEqual(['/.well-known/openid-configuration', '/jwks']);

    jwks = [jwk(rsa2.publicKey, 'k2')]; // the provider rotates its key
    await check(signJwt(claims(), rsa2.privateKey, 'k2'));
    expect(fetched.filter((p) => p === '/jwks')).toHaveLength(2);

    now += 1000; // a made-up kid right after: no third fetch within the cooldown
    expect(await codeOf(check(signJwt(claims(), rsa2.privateKey, 'k3')))).toBe('ERR_OSPO_OIDC_KEY_UNKNOWN');
    expect(fetched.filter((p) => p === '/jwks')).toHaveLength(2);

    now += 60 * 60 * 1000; // both caches expire after an hour
    await check(signJwt(claims({ iat: now / 1000, exp: now / 1000 + 60 }), rsa2.privateKey, 'k2'));
    expect(fetched).toHaveLength(5);
  });

  it('refuses a discovery document that names another issuer, with the right value in the hint', async () => {
    const fetch = (async () =>
      new Response(
        JSON.stringify({
          issuer: `${ISSUER}/`,
          authorization_endpoint: `${ISSUER}/auth`,
          token_endpoint: `${ISSUER}/token`,
          jwks_uri: `${ISSUER}/jwks`,
        }),
      )) as typeof globalThis.fetch;
    const error = (await createProvider(config, { fetch })
      .metadata()
      .catch((e: unknown) => e)) as OspoError;
    expect(error.code).toBe('ERR_OSPO_OIDC_DISCOVERY');
    expect(error.hint).toContain(`OSPO_OIDC_ISSUER=${ISSUER}/`);
  });
});

function unsigned(header: Record<string, unknown>): string {
  const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${encode(header)}.${encode(claims())}.${Buffer.alloc(64).toString('base64url')}`;
}

/** Swap the claims of a signed token for others (the signature stays the old one). */
function tamper(token: string): string {
  const [head, , sig] = token.split('.');
  return `${head}.${Buffer.from(JSON.stringify(claims({ sub: 'mallory' }))).toString('base64url')}.${sig}`;
}
