import type { Environment } from './config.js';
import { InputError } from './errors.js';
import { type Role, roles } from './vocabulary.js';

/** Single sign-on through an OpenID Connect provider; off unless issuer and client id are set. */
export interface OidcConfig {
  /** The issuer exactly as the provider names it (`iss` of its tokens). */
  issuer: string;
  clientId: string;
  /** null: a public client (PKCE only, no client authentication). */
  clientSecret: string | null;
  /** null: `<origin of the request>/api/v1/auth/oidc/callback`. */
  redirectUrl: string | null;
  /** The role of users created on their first sign-in. */
  defaultRole: Exclude<Role, 'admin'>;
  /** Lower-case email domains allowed to sign in; empty: any. */
  allowedDomains: readonly string[];
}

const NAMES = [
  'OSPO_OIDC_ISSUER',
  'OSPO_OIDC_CLIENT_ID',
  'OSPO_OIDC_CLIENT_SECRET',
  'OSPO_OIDC_REDIRECT_URL',
  'OSPO_OIDC_DEFAULT_ROLE',
  'OSPO_OIDC_ALLOWED_DOMAINS',
] as const;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/**
 * The OIDC settings from the environment, or null when single sign-on is off. Half a configuration
 * (a secret without an issuer, an issuer without a client id) is an error rather than a quiet "off".
 */
export function oidcConfigFromEnv(env: Environment): OidcConfig | null {
  const value = (name: (typeof NAMES)[number]) => env[name]?.trim() || null;
  const issuer = value('OSPO_OIDC_ISSUER');
  const clientId = value('OSPO_OIDC_CLIENT_ID');
  if (!issuer || !clientId) {
    const set = NAMES.filter((name) => value(name) !== null);
    if (set.length === 0) return null;
    const missing = issuer ? 'OSPO_OIDC_CLIENT_ID' : 'OSPO_OIDC_ISSUER';
    throw configError(`${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing} is not`, {
      hint: 'Single sign-on needs both OSPO_OIDC_ISSUER and OSPO_OIDC_CLIENT_ID; unset the others to turn it off.',
    });
  }
  return {
    issuer: checkUrl(issuer, 'OSPO_OIDC_ISSUER', { loopbackHttpOnly: true }),
    clientId,
    clientSecret: value('OSPO_OIDC_CLIENT_SECRET'),
    redirectUrl: optionalUrl(value('OSPO_OIDC_REDIRECT_URL')),
    defaultRole: parseDefaultRole(value('OSPO_OIDC_DEFAULT_ROLE')),
    allowedDomains: parseDomains(value('OSPO_OIDC_ALLOWED_DOMAINS')),
  };
}

/** https, or http on this machine (a provider for development or tests); no query or fragment. */
export function isAcceptableProviderUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopback(url.hostname);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function checkUrl(raw: string, name: string, options: { loopbackHttpOnly: boolean }): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`${name} is not a valid URL: "${raw}"`, {
      hint: 'Give an absolute URL, for example https://login.example.com/realms/acme.',
    });
  }
  const allowed = options.loopbackHttpOnly
    ? isAcceptableProviderUrl(url)
    : url.protocol === 'https:' || url.protocol === 'http:';
  if (!allowed) {
    throw configError(`${name} must be an https:// URL (got ${url.protocol}//${url.host})`, {
      hint: options.loopbackHttpOnly
        ? 'Tokens are only fetched over TLS; http:// is accepted for 127.0.0.1 and localhost only.'
        : 'Use the https:// (or http://) address users reach ospokit at.',
    });
  }
  if (url.search || url.hash || url.username || url.password) {
    throw configError(`${name} must not carry a query, fragment or credentials`, {
      hint: 'Give the plain URL, for example https://login.example.com/realms/acme.',
    });
  }
  return raw;
}

function optionalUrl(raw: string | null): string | null {
  return raw === null ? null : checkUrl(raw, 'OSPO_OIDC_REDIRECT_URL', { loopbackHttpOnly: false });
}

function parseDefaultRole(raw: string | null): OidcConfig['defaultRole'] {
  if (raw === null) return 'viewer';
  const allowed = roles.filter((r): r is OidcConfig['defaultRole'] => r !== 'admin');
  const found = allowed.find((r) => r === raw.toLowerCase());
  if (found) return found;
  throw configError(`OSPO_OIDC_DEFAULT_ROLE must be one of ${allowed.join(', ')} (got "${raw}")`, {
    hint:
      raw.toLowerCase() === 'admin'
        ? 'New single sign-on users are never made admins automatically; promote them by hand.'
        : 'The default, viewer, lets new users read; an admin can change roles later.',
  });
}

function parseDomains(raw: string | null): readonly string[] {
  if (raw === null) return [];
  const domains = raw
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  const bad = domains.filter((d) => !DOMAIN.test(d));
  if (domains.length === 0 || bad.length > 0) {
    throw configError(
      `OSPO_OIDC_ALLOWED_DOMAINS must be a comma-separated list of email domains (bad: ${bad.join(', ') || '(empty)'})`,
      { hint: 'For example OSPO_OIDC_ALLOWED_DOMAINS=example.com,example.org; leave it unset to allow any.' },
    );
  }
  return [...new Set(domains)];
}

function configError(message: string, options: { hint: string }): InputError {
  return new InputError('ERR_OSPO_CONFIG', message, options);
}
