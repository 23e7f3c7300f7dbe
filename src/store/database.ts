import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { StoreConfig } from '../core/config.js';
import { describePostgresUrl } from '../core/config.js';
import { InputError, SourceUnavailableError } from '../core/errors.js';
import { Kysely, PostgresDialect, pgliteDialect, sql } from './kysely.js';
import { acquireDataDirLock } from './pglite-lock.js';
import type { Database as Tables } from './schema.js';

export interface OpenDatabase {
  readonly db: Kysely<Tables>;
  readonly kind: StoreConfig['kind'];
  /** Human description for logs and status output: a folder, or host:port/database (never credentials). */
  readonly location: string;
  /**
   * The embedded database's one connection, for a client that must share it (the job queue). Use it
   * only while holding Kysely's connection (`db.connection().execute(...)`), so that it never runs in
   * the middle of a Kysely transaction. Absent on PostgreSQL.
   */
  readonly pglite?: PGlite;
  /** DATABASE_URL, for a client that opens its own pool (the job queue). Holds the password: never log it. */
  readonly connectionString?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * PGlite's buffer cache (shared_buffers) in MB, instead of PostgreSQL's default 128: PGlite clears
   * the whole cache in memory as it starts, so a short command that reads little starts sooner with
   * a small one (64 MB, the CLI's brief commands: about 0.08 s sooner on the development machine).
   * Ignored on PostgreSQL.
   */
  cacheMB?: number;
}

/** Open the store: embedded PGlite in a folder, or a PostgreSQL server. Does not migrate. */
export async function createDatabase(
  config: StoreConfig,
  options: DatabaseOptions = {},
): Promise<OpenDatabase> {
  return config.kind === 'pglite' ? openPglite(config.dataDir, options) : openPostgres(config.url);
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<OpenDatabase> {
  const pgDir = path.join(dataDir, 'pglite');
  const release = acquireDataDirLock(dataDir);
  try {
    assertPgliteDir(pgDir);
    const { PGlite } = await import('@electric-sql/pglite');
    const PGliteDialect = pgliteDialect();
    const pidFile = path.join(pgDir, 'postmaster.pid');
    const hadPidFile = fs.existsSync(pidFile);
    let client: InstanceType<typeof PGlite>;
    try {
      client = await PGlite.create({
        dataDir: pgDir,
        serializers: documentSerializers,
        ...(options.cacheMB
          ? {
              startParams: [
                ...PGlite.defaultStartParams,
                '-c',
                `shared_buffers=${Math.max(1, Math.floor(options.cacheMB))}MB`,
              ],
            }
          : {}),
      });
      await client.query('select 1');
    } catch (cause) {
      if (!hadPidFile) fs.rmSync(pidFile, { force: true }); // leave the folder as we found it
      throw corruptError(pgDir, cause);
    }
    const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
    return {
      db,
      kind: 'pglite',
      location: dataDir,
      pglite: client,
      async close() {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * json and jsonb parameters as PGlite writes them (text, objects through JSON.stringify), except that
 * bytes go as they are, in the binary format: a large document already encoded as UTF-8 (see the
 * advisory upsert) is then not measured and encoded again, character by character, in JavaScript.
 * node-postgres sends a Buffer in the binary format by itself.
 */
const documentSerializers = Object.fromEntries(
  [JSON_OID, JSONB_OID].map((oid) => [
    oid,
    (value: unknown) =>
      (value instanceof Uint8Array
        ? value
        : typeof value === 'string'
          ? value
          : JSON.stringify(value)) as string,
  ]),
);

/** A folder with files that are not a PGlite cluster would be overwritten by initdb: refuse it. */
function assertPgliteDir(pgDir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(pgDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // new store
    throw new SourceUnavailableError('ERR_OSPO_STORE_UNREADABLE', `cannot read data directory ${pgDir}`, {
      cause: error,
      hint: 'Check that the folder exists and that this user may read and write it.',
    });
  }
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new SourceUnavailableError(
      'ERR_OSPO_STORE_CORRUPT',
      `data directory ${pgDir} holds files that are not an ospokit database`,
      {
        hint: 'Nothing was changed. Point OSPO_DATA_DIR at an empty or an ospokit folder.',
        details: { pgDir },
      },
    );
  }
}

function corruptError(pgDir: string, cause: unknown): SourceUnavailableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SourceUnavailableError(
    'ERR_OSPO_STORE_CORRUPT',
    `cannot open the database in ${pgDir}: ${reason}`,
    {
      cause,
      details: { pgDir },
      hint: 'Nothing was overwritten. Restore the folder from a backup, or move it aside to start a new store.',
    },
  );
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const { default: pg } = await import('pg');
  const where = describePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => {});
    throw postgresError(where, cause);
  }
  return { db, kind: 'postgres', location: where, connectionString: url, close: () => db.destroy() };
}

function postgresError(where: string, cause: unknown): InputError {
  const err = cause as { code?: string; message?: string };
  const reason = describeConnectError(err);
  return new InputError('ERR_OSPO_DATABASE_UNREACHABLE', `cannot use PostgreSQL at ${where}: ${reason}`, {
    cause,
    details: { where, code: err.code ?? null },
    hint: 'Check DATABASE_URL (host, port, database, user) and that the server is running.',
  });
}

function describeConnectError(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case '28P01':
    case '28000':
      return 'authentication failed';
    case '3D000':
      return 'database does not exist';
    default:
      // pg messages do not carry the password; keep only the first line.
      return (err.message ?? 'unknown error').split('\n')[0] ?? 'unknown error';
  }
}
