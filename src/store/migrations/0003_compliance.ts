import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * License compliance: the organization's license policy (the `licenses:` section of an ospo.yml, kept
 * as written, one current version plus its history), waivers, each project's distribution context, and
 * license metadata fetched from package registries (only with --online).
 */
export const compliance: Migration = {
  id: '0003_compliance',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `alter table projects add column distribution text
    check (distribution in ('internal', 'saas', 'distributed-binary', 'library'))`,
  `create table license_policies (
    version integer primary key,
    document text not null,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    created_by text not null
  )`,
  `create table license_waivers (
    id text primary key,
    seq bigint generated always as identity,
    package text not null,
    version_range text not null,
    project text not null,
    license text,
    reason text not null,
    approver text not null,
    expires text not null,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    created_by text not null,
    revoked_at timestamptz,
    revoked_by text
  )`,
  `create index license_waivers_seq_idx on license_waivers (seq)`,
  `create table registry_license_cache (
    key text primary key,
    licenses text[] not null,
    source text not null,
    url text not null,
    fetched_at timestamptz not null default date_trunc('milliseconds', now())
  )`,
];
