import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { StoreConfig } from '../../src/core/config.js';
import { type OpenStore, openStore } from '../../src/store/index.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store and its config; dispose removes every trace. */
  fresh(options?: {
    migrate?: boolean;
  }): Promise<{ store: OpenStore; config: StoreConfig; dispose(): Promise<void> }>;
}

/** A new PGlite data dir: a copy of the run's migrated template, or an empty folder when unmigrated. */
export function freshPgliteDir(options: { migrate?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-test-'));
  if (options.migrate !== false) {
    fs.cpSync(path.join(inject('pgliteTemplate'), 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  }
  return dir;
}

export const pgliteBackend: Backend = {
  name: 'pglite',
  async fresh(options = {}) {
    const dataDir = freshPgliteDir(options);
    const config: StoreConfig = { kind: 'pglite', dataDir };
    const store = await openStore(config, options);
    return {
      store,
      config,
      async dispose() {
        await store.close().catch(() => {});
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** A new database on the TEST_DATABASE_URL server, dropped afterwards. */
export const postgresBackend: Backend = {
  name: 'postgres',
  async fresh(options = {}) {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
    const name = `ospo_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const config: StoreConfig = { kind: 'postgres', url: url.toString() };
    const store = await openStore(config, options);
    return {
      store,
      config,
      async dispose() {
        await store.close().catch(() => {});
        await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
      },
    };
  },
};

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (always in CI). */
export const backends: Backend[] = process.env.TEST_DATABASE_URL
  ? [pgliteBackend, postgresBackend]
  : [pgliteBackend];
