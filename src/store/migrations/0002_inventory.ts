import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/** Scans kept per project: packages (one row per purl), what each scan found, its graph, and a parse cache. */
export const inventory: Migration = {
  id: '0002_inventory',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table packages (
    id bigint generated always as identity primary key,
    purl text not null,
    ecosystem text not null,
    name text not null,
    version text
  )`,
  `create unique index packages_purl_key on packages (purl)`,
  `create index packages_ecosystem_name_idx on packages (ecosystem, name)`,
  `create table scans (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    created_by text not null,
    source text not null check (source in ('path', 'sbom')),
    vcs_commit text,
    vcs_branch text,
    tool_version text not null,
    package_count integer not null,
    edge_count integer not null,
    files jsonb not null default '[]'::jsonb,
    errors jsonb not null default '[]'::jsonb
  )`,
  `create index scans_project_idx on scans (project_id, created_at desc, id)`,
  `create table scan_packages (
    scan_id uuid not null references scans (id) on delete cascade,
    package_id bigint not null references packages (id),
    scope text not null check (scope in ('prod', 'dev', 'optional', 'peer', 'unknown')),
    direct boolean,
    licenses text[] not null default '{}',
    locations text[] not null default '{}',
    primary key (scan_id, package_id)
  )`,
  `create index scan_packages_package_idx on scan_packages (package_id)`,
  `create table scan_edges (
    scan_id uuid not null references scans (id) on delete cascade,
    from_purl text not null,
    to_purl text not null,
    primary key (scan_id, from_purl, to_purl)
  )`,
  `create table extraction_cache (
    content_sha256 text not null,
    extractor text not null,
    extractor_version integer not null,
    result jsonb not null,
    created_at timestamptz not null default now(),
    primary key (content_sha256, extractor, extractor_version)
  )`,
];
