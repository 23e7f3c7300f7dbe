import type { Kysely } from 'kysely';
import type { StoreConfig } from '../core/config.js';
import { matchIndexDir } from '../core/match-index.js';
import type { Repositories, Store } from '../services/ports.js';
import { createDatabase, type DatabaseOptions, type OpenDatabase } from './database.js';
import { MatchIndexHost, withMatchIndex } from './match-index.js';
import { migrations } from './migrations/index.js';
import { migrate, migrationStatus } from './migrator.js';
import { advisoryRepository } from './repositories/advisories.js';
import { auditLog } from './repositories/audit.js';
import {
  licenseSummaryRepository,
  policyRepository,
  registryLicenseCache,
  waiverRepository,
} from './repositories/compliance.js';
import { extractionCache } from './repositories/extraction-cache.js';
import { findingRepository } from './repositories/findings.js';
import { oidcPendingRepository } from './repositories/oidc-pending.js';
import { projectRepository } from './repositories/projects.js';
import { scanRepository } from './repositories/scans.js';
import { sessionRepository } from './repositories/sessions.js';
import { teamRepository } from './repositories/teams.js';
import { tokenRepository } from './repositories/tokens.js';
import { userRepository } from './repositories/users.js';
import type { Database } from './schema.js';

export { createDatabase, type DatabaseOptions, type OpenDatabase } from './database.js';
export { migrations } from './migrations/index.js';
export type { Migration, MigrationReport, MigrationStatus } from './migrator.js';

export interface OpenStore extends Store {
  readonly database: OpenDatabase;
  close(): Promise<void>;
}

/** Open the database, bring its schema up to date, and hand out the repositories. */
export async function openStore(
  config: StoreConfig,
  options: { migrate?: boolean } & DatabaseOptions = {},
): Promise<OpenStore> {
  const database = await createDatabase(config, options.cacheMB ? { cacheMB: options.cacheMB } : {});
  try {
    if (options.migrate !== false) await migrate(database.db as Kysely<unknown>, migrations);
  } catch (error) {
    await database.close();
    throw error;
  }
  return storeOver(database);
}

export function storeOver(database: OpenDatabase): OpenStore {
  if (database.kind !== 'pglite')
    return {
      database,
      repos: repositories(database.db),
      transaction: (fn) => database.db.transaction().execute((trx) => fn(repositories(trx))),
      close: () => database.close(),
    };
  // PGlite: the match index beside the data, kept by this process (it holds the store's lock)
  const host = new MatchIndexHost(
    matchIndexDir(database.location),
    database.db,
    advisoryRepository(database.db),
  );
  const indexed = (db: Kysely<Database>, reads: boolean): Repositories => {
    const repos = repositories(db);
    return { ...repos, advisories: withMatchIndex(repos.advisories, host, reads) };
  };
  return {
    database,
    repos: indexed(database.db, true),
    transaction: (fn) => database.db.transaction().execute((trx) => fn(indexed(trx, false))),
    matchIndex: host,
    close: async () => {
      host.close();
      await database.close();
    },
  };
}

export function repositories(db: Kysely<Database>): Repositories {
  return {
    projects: projectRepository(db),
    teams: teamRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    audit: auditLog(db),
    scans: scanRepository(db),
    extractionCache: extractionCache(db),
    policies: policyRepository(db),
    waivers: waiverRepository(db),
    registryLicenses: registryLicenseCache(db),
    advisories: advisoryRepository(db),
    findings: findingRepository(db),
    tokens: tokenRepository(db),
    licenseSummaries: licenseSummaryRepository(db),
    oidcPending: oidcPendingRepository(db),
  };
}

export const runMigrations = (database: OpenDatabase) => migrate(database.db as Kysely<unknown>, migrations);
export const readMigrationStatus = (database: OpenDatabase) =>
  migrationStatus(database.db as Kysely<unknown>, migrations);
