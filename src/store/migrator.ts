import type { Kysely } from 'kysely';
import { OspoError } from '../core/errors.js';
import { sql } from './kysely.js';

export interface Migration {
  /** Sortable, unique, never renamed: `0001_foundation`. */
  readonly id: string;
  up(db: Kysely<unknown>): Promise<void>;
}

export interface MigrationStatus {
  id: string;
  appliedAt: Date | null;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Any fixed number shared by every ospokit process: serializes concurrent migrators on one database. */
const MIGRATION_LOCK_KEY = 7_070_2026;

/**
 * Forward-only migrations, each in its own transaction. A migration that fails rolls back whole, so
 * the database is left as the previous migration left it; the error names the migration and the cause.
 * Concurrent starts on PostgreSQL take turns through a transaction-scoped advisory lock.
 */
export async function migrate(
  db: Kysely<unknown>,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  await ensureMigrationsTable(db);
  const known = new Set(migrations.map((m) => m.id));
  const done = await appliedIds(db);
  const unknown = [...done].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new OspoError(
      'ERR_OSPO_STORE_NEWER',
      `the database has migrations this ospokit does not know (${unknown.join(', ')})`,
      {
        hint: 'It was migrated by a newer ospokit. Upgrade ospokit; databases are never migrated backwards.',
      },
    );
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    const ran = await runOne(db, migration);
    if (ran) applied.push(migration.id);
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

export async function migrationStatus(
  db: Kysely<unknown>,
  migrations: readonly Migration[],
): Promise<MigrationStatus[]> {
  await ensureMigrationsTable(db);
  const rows = await sql<{
    id: string;
    applied_at: Date;
  }>`select id, applied_at from ospo_migrations`.execute(db);
  const appliedAt = new Map(rows.rows.map((r) => [r.id, new Date(r.applied_at)]));
  const ids = new Set([...migrations.map((m) => m.id), ...appliedAt.keys()]);
  return [...ids].sort().map((id) => ({ id, appliedAt: appliedAt.get(id) ?? null }));
}

async function runOne(db: Kysely<unknown>, migration: Migration): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const again = await sql`select 1 from ospo_migrations where id = ${migration.id}`.execute(trx);
      if (again.rows.length > 0) return false; // another process applied it while we waited
      await migration.up(trx);
      await sql`insert into ospo_migrations (id) values (${migration.id})`.execute(trx);
      return true;
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new OspoError('ERR_OSPO_MIGRATION', `migration ${migration.id} failed: ${reason}`, {
      cause,
      details: { migration: migration.id },
      hint: 'Nothing of this migration was applied; the database is as the previous migration left it.',
    });
  }
}

/** `create table if not exists` races with itself; the advisory lock makes concurrent starts take turns. */
async function ensureMigrationsTable(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await sql`
      create table if not exists ospo_migrations (
        id text primary key,
        applied_at timestamptz not null default now()
      )`.execute(trx);
  });
}

async function appliedIds(db: Kysely<unknown>): Promise<Set<string>> {
  const rows = await sql<{ id: string }>`select id from ospo_migrations`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}
