import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Findings of saved scans and their triage. A scan's findings are replaced whenever it is matched again
 * (on save, and when advisories change); triage decisions live per project, package and vulnerability
 * apart from any scan, so they carry over to later scans while the same package version is still
 * affected. Every decision is also appended to its history. Snapshots of open counts give the trend.
 */
export const findings: Migration = {
  id: '0005_findings',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const states = `'in_triage', 'exploitable', 'resolved', 'false_positive', 'not_affected'`;

const statements = [
  `alter table scans add column matched_at timestamptz`,
  `create table scan_findings (
    scan_id uuid not null references scans (id) on delete cascade,
    purl text not null,
    advisory_id text not null,
    aliases text[] not null default '{}',
    ecosystem text not null,
    name text not null,
    version text not null,
    summary text,
    severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'unknown')),
    severity_rank smallint not null,
    score numeric(3, 1),
    cvss jsonb,
    fixed text[] not null default '{}',
    introduced_by jsonb not null default '[]'::jsonb,
    direct boolean,
    locations text[] not null default '{}',
    first_seen timestamptz not null,
    triage_vuln_id text,
    primary key (scan_id, purl, advisory_id)
  )`,
  `create index scan_findings_advisory_idx on scan_findings (advisory_id)`,
  `create index scan_findings_aliases_idx on scan_findings using gin (aliases)`,
  `create table finding_triage (
    project_id uuid not null references projects (id) on delete cascade,
    purl text not null,
    vuln_id text not null,
    aliases text[] not null default '{}',
    state text not null check (state in (${states})),
    justification text,
    response text[] not null default '{}',
    detail text,
    source text not null,
    updated_at timestamptz not null default date_trunc('milliseconds', now()),
    updated_by text not null,
    primary key (project_id, purl, vuln_id)
  )`,
  `create table finding_triage_history (
    id bigint generated always as identity primary key,
    project_id uuid not null references projects (id) on delete cascade,
    purl text not null,
    vuln_id text not null,
    state text not null check (state in (${states})),
    justification text,
    response text[] not null default '{}',
    detail text,
    source text not null,
    actor text not null,
    at timestamptz not null default date_trunc('milliseconds', now())
  )`,
  `create index finding_triage_history_idx on finding_triage_history (project_id, purl, vuln_id, id desc)`,
  `create table finding_snapshots (
    id bigint generated always as identity primary key,
    project_id uuid not null references projects (id) on delete cascade,
    taken_at timestamptz not null default date_trunc('milliseconds', now()),
    critical integer not null,
    high integer not null,
    medium integer not null,
    low integer not null,
    unknown integer not null
  )`,
  `create index finding_snapshots_idx on finding_snapshots (taken_at, project_id)`,
];
