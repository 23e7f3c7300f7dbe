import { describe, expect, it } from 'vitest';
import type { InputError } from './errors.js';
import { oidcConfigFromEnv } from './oidc-config.js';

const base = { OSPO_OIDC_ISSUER: 'https://login.example.com/realms/acme', OSPO_OIDC_CLIENT_ID: 'ospokit' };

function failure(env: Record<string, string>): InputError {
  try {
    oidcConfigFromEnv(env);
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected an error');
}

describe('oidcConfigFromEnv', () => {
  it('is off when nothing is set', () => {
    expect(oidcConfigFromEnv({})).toBeNull();
    expect(oidcConfigFromEnv({ OSPO_OIDC_ISSUER: ' ', OSPO_PORT: '1' })).toBeNull();
  });

  it('reads the settings, with defaults', () => {
    expect(oidcConfigFromEnv(base)).toEqual({
      issuer: 'https://login.example.com/realms/acme',
      clientId: 'ospokit',
      clientSecret: null,
      redirectUrl: null,
      defaultRole: 'viewer',
      allowedDomains: [],
    });
    expect(
      oidcConfigFromEnv({
        ...base,
        OSPO_OIDC_CLIENT_SECRET: 's3cret',
        OSPO_OIDC_REDIRECT_URL: 'https://ospo.example.com/api/v1/auth/oidc/callback',
        OSPO_OIDC_DEFAULT_ROLE: 'Member',
        OSPO_OIDC_ALLOWED_DOMAINS: ' Example.com, @example.org,,example.com ',
      }),
    ).toMatchObject({
      clientSecret: 's3cret',
      redirectUrl: 'https://ospo.example.com/api/v1/auth/oidc/callback',
      defaultRole: 'member',
      allowedDomains: ['example.com', 'example.org'],
    });
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:8080/realms/dev', 'http://[::1]:9000'])(
    'accepts http:// on loopback: %s',
    (issuer) => {
      expect(oidcConfigFromEnv({ ...base, OSPO_OIDC_ISSUER: issuer })?.issuer).toBe(issuer);
    },
  );

  it.each([
    [{ OSPO_OIDC_ISSUER: 'https://login.example.com' }, 'OSPO_OIDC_CLIENT_ID'],
    [{ OSPO_OIDC_CLIENT_SECRET: 'x' }, 'OSPO_OIDC_ISSUER'],
    [{ ...base, OSPO_OIDC_ISSUER: 'not a url' }, 'not a valid URL'],
    [{ ...base, OSPO_OIDC_ISSUER: 'http://login.example.com' }, 'https://'],
    [{ ...base, OSPO_OIDC_ISSUER: 'https://login.example.com/?tenant=x' }, 'query'],
    [{ ...base, OSPO_OIDC_REDIRECT_URL: 'ftp://ospo.example.com/cb' }, 'OSPO_OIDC_REDIRECT_URL'],
    [{ ...base, OSPO_OIDC_DEFAULT_ROLE: 'admin' }, 'OSPO_OIDC_DEFAULT_ROLE'],
    [{ ...base, OSPO_OIDC_DEFAULT_ROLE: 'boss' }, 'OSPO_OIDC_DEFAULT_ROLE'],
    [{ ...base, OSPO_OIDC_ALLOWED_DOMAINS: 'example.com, not a domain' }, 'not a domain'],
    [{ ...base, OSPO_OIDC_ALLOWED_DOMAINS: ',' }, '(empty)'],
  ])('refuses %j with ERR_OSPO_CONFIG and a hint', (env, mentioned) => {
    const error = failure(env);
    expect(error.code).toBe('ERR_OSPO_CONFIG');
    expect(error.message).toContain(mentioned);
    expect(error.hint).toBeTruthy();
  });

  it('never puts the client secret into a message', () => {
    const error = failure({ OSPO_OIDC_CLIENT_SECRET: 'super-secret-value' });
    expect(`${error.message} ${error.hint}`).not.toContain('super-secret-value');
  });
});
