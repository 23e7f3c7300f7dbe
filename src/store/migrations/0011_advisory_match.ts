import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * What matching reads of an advisory, beside each of its affected rows: matching an inventory then
 * reads only advisory_affected, not the records' table (random reads into rows that hold whole
 * records). advisory_affected is rebuilt with the columns filled from advisories, its rows in
 * package order. Its lists are `json`, kept as written: matching reads them back as JSON text, which
 * costs the server a copy (jsonb and arrays are converted on every read). The advisories are counted
 * in advisory_stats, kept by the repository's upsert, so that a report's "against N advisories" does
 * not scan the records.
 */
export const advisoryMatch: Migration = {
  id: '0011_advisory_match',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `alter table advisory_affected rename to advisory_affected_old`,
  `alter index advisory_affected_pkey rename to advisory_affected_old_pkey`,
  `alter index advisory_affected_package_idx rename to advisory_affected_old_package_idx`,
  `create table advisory_affected (
    advisory_id text not null references advisories (id) on delete cascade,
    ordinal integer not null,
    ecosystem text not null,
    ecosystem_full text not null,
    name text not null,
    ranges json not null default '[]'::json,
    versions json not null default '[]'::json,
    modified timestamptz not null,
    withdrawn timestamptz,
    aliases json not null default '[]'::json,
    summary text,
    severity json not null default '[]'::json
  )`,
  `insert into advisory_affected (advisory_id, ordinal, ecosystem, ecosystem_full, name, ranges, versions,
     modified, withdrawn, aliases, summary, severity)
   select f.advisory_id, f.ordinal, f.ecosystem, f.ecosystem_full, f.name, f.ranges::json,
     array_to_json(f.versions), a.modified, a.withdrawn, array_to_json(a.aliases), a.summary, a.severity::json
   from advisory_affected_old f join advisories a on a.id = f.advisory_id
   order by f.ecosystem, f.name, f.advisory_id, f.ordinal`,
  `drop table advisory_affected_old`,
  `alter table advisory_affected add constraint advisory_affected_pkey primary key (advisory_id, ordinal)`,
  `create index advisory_affected_package_idx on advisory_affected (ecosystem, name)`,
  `create table advisory_stats (
    id boolean primary key default true check (id),
    records bigint not null
  )`,
  `insert into advisory_stats (id, records) select true, count(*) from advisories`,
];
