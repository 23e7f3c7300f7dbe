import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * OSV advisories: each record kept whole as imported, plus one row per affected package with its
 * ranges normalized for matching, looked up by (ecosystem, name).
 */
export const advisories: Migration = {
  id: '0004_advisories',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table advisories (
    id text primary key,
    modified timestamptz not null,
    published timestamptz,
    withdrawn timestamptz,
    aliases text[] not null default '{}',
    summary text,
    severity jsonb not null default '[]'::jsonb,
    record jsonb not null,
    imported_at timestamptz not null default date_trunc('milliseconds', now())
  )`,
  `create table advisory_affected (
    advisory_id text not null references advisories (id) on delete cascade,
    ordinal integer not null,
    ecosystem text not null,
    ecosystem_full text not null,
    name text not null,
    ranges jsonb not null default '[]'::jsonb,
    versions text[] not null default '{}',
    primary key (advisory_id, ordinal)
  )`,
  `create index advisory_affected_package_idx on advisory_affected (ecosystem, name)`,
  `create index advisories_aliases_idx on advisories using gin (aliases)`,
];
