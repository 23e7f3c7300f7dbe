import path from 'node:path';
import { InputError } from './errors.js';

export { isAcceptableProviderUrl, type OidcConfig, oidcConfigFromEnv } from './oidc-config.js';

/** Where the store lives: an embedded PGlite folder, or a PostgreSQL server. */
export type StoreConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export const DEFAULT_PORT = 7070;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.ospo';

export interface Environment {
  readonly [name: string]: string | undefined;
}

/** Read the store settings from the environment: DATABASE_URL wins, else OSPO_DATA_DIR (default ./.ospo). */
export function storeConfigFromEnv(env: Environment, cwd = process.cwd()): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    assertPostgresUrl(url, 'DATABASE_URL');
    return { kind: 'postgres', url };
  }
  const dataDir = env.OSPO_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return { kind: 'pglite', dataDir: path.resolve(cwd, dataDir) };
}

export function portFromEnv(env: Environment): number {
  const raw = env.OSPO_PORT?.trim();
  return raw ? parsePort(raw, 'OSPO_PORT') : DEFAULT_PORT;
}

export function parsePort(raw: string, source: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new InputError('ERR_OSPO_CONFIG', `${source} must be a port number from 0 to 65535, got "${raw}"`, {
      hint: 'Use for example --port 7070 (0 picks a free port).',
    });
  }
  return port;
}

/** Check that a URL is a postgres:// URL; the message names the host but never the password. */
export function assertPostgresUrl(url: string, source: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('ERR_OSPO_CONFIG', `${source} is not a valid URL`, {
      hint: 'Expected postgres://USER:PASSWORD@HOST:PORT/DATABASE',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InputError(
      'ERR_OSPO_CONFIG',
      `${source} must start with postgres:// (got ${parsed.protocol}//)`,
      {
        hint: 'Expected postgres://USER:PASSWORD@HOST:PORT/DATABASE',
      },
    );
  }
  return parsed;
}

/** host:port/database of a PostgreSQL URL, for messages: no user name, no password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || 'localhost';
    const port = parsed.port || '5432';
    return `${host}:${port}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
