import { type Kysely, sql } from 'kysely';
import type { AdvisoryRepository, AffectedMatchRow } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { iso } from './rows.js';

/** A row of affectedFor's query, as JSON: timestamps are ISO 8601 text there. */
type AffectedTuple = [
  string,
  string,
  string,
  string,
  unknown[],
  string[],
  string,
  string | null,
  string[],
  string | null,
  unknown[],
];

export function advisoryRepository(db: Kysely<Database>): AdvisoryRepository {
  return {
    async upsert(batch) {
      if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      // the last copy of an id in a batch wins, as if imported one after another
      const byId = new Map(batch.map((r) => [r.id, r]));
      const rows = [...byId.values()];
      // the whole batch as one JSON document, one statement per table: thousands of bound parameters
      // cost more to send and plan than the rows cost to write
      const advisories = JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          modified: r.modified,
          published: r.published,
          withdrawn: r.withdrawn,
          aliases: r.aliases,
          summary: r.summary,
          severity: r.severity,
          record: r.record,
        })),
      );
      const { rows: written } = await sql<{ id: string; inserted: boolean }>`
        insert into advisories (id, modified, published, withdrawn, aliases, summary, severity, record)
        select r.id, r.modified, r.published, r.withdrawn, r.aliases, r.summary, r.severity, r.record
        from jsonb_to_recordset(${advisories}::jsonb) as r(
          id text, modified timestamptz, published timestamptz, withdrawn timestamptz,
          aliases text[], summary text, severity jsonb, record jsonb)
        on conflict (id) do update set
          modified = excluded.modified,
          published = excluded.published,
          withdrawn = excluded.withdrawn,
          aliases = excluded.aliases,
          summary = excluded.summary,
          severity = excluded.severity,
          record = excluded.record,
          imported_at = date_trunc('milliseconds', now())
        where advisories.modified < excluded.modified
        returning id, (xmax = 0) as inserted`.execute(db);
      const updatedIds = written.filter((w) => !w.inserted).map((w) => w.id);
      if (updatedIds.length > 0)
        await db.deleteFrom('advisory_affected').where('advisory_id', 'in', updatedIds).execute();
      const affected = written.flatMap((w) =>
        (byId.get(w.id)?.affected ?? []).map((a, ordinal) => ({
          advisory_id: w.id,
          ordinal,
          ecosystem: a.ecosystem,
          ecosystem_full: a.ecosystemFull,
          name: a.name,
          ranges: a.ranges,
          versions: a.versions,
        })),
      );
      if (affected.length > 0) {
        await sql`
          insert into advisory_affected (advisory_id, ordinal, ecosystem, ecosystem_full, name, ranges, versions)
          select r.advisory_id, r.ordinal, r.ecosystem, r.ecosystem_full, r.name, r.ranges, r.versions
          from jsonb_to_recordset(${JSON.stringify(affected)}::jsonb) as r(
            advisory_id text, ordinal integer, ecosystem text, ecosystem_full text, name text,
            ranges jsonb, versions text[])`.execute(db);
      }
      const inserted = written.length - updatedIds.length;
      return { inserted, updated: updatedIds.length, unchanged: batch.length - written.length };
    },

    async affectedFor(packages) {
      if (packages.length === 0) return [];
      const out: AffectedMatchRow[] = [];
      // the same timestamps come up for many rows
      const times = new Map<string, string>();
      const time = (text: string) => {
        let value = times.get(text);
        if (value === undefined) {
          value = iso(text);
          times.set(text, value);
        }
        return value;
      };
      // Large chunks: when an inventory is large, each chunk's query touches much of both tables
      // (100,000 packages in chunks of 5,000 took 2-3x as long as in one). One JSON document per
      // chunk instead of rows of eleven columns: the drivers' per-column parsing (dates, arrays, two
      // JSON values a row) was most of what matching spent reading. Rows come in the plan's order.
      for (let i = 0; i < packages.length; i += 50_000) {
        const chunk = packages.slice(i, i + 50_000);
        const { rows } = await sql<{ rows: string | null }>`
          select json_agg(json_build_array(
            f.advisory_id, f.ecosystem, f.ecosystem_full, f.name, f.ranges, f.versions,
            a.modified, a.withdrawn, a.aliases, a.summary, a.severity))::text as rows
          from advisory_affected f join advisories a on a.id = f.advisory_id
          where (f.ecosystem, f.name) in (
            select * from unnest(${chunk.map((p) => p.ecosystem)}::text[], ${chunk.map((p) => p.name)}::text[]))`.execute(
          db,
        );
        const text = rows[0]?.rows;
        if (!text) continue;
        for (const r of JSON.parse(text) as AffectedTuple[]) {
          out.push({
            advisoryId: r[0],
            ecosystem: r[1],
            ecosystemFull: r[2],
            name: r[3],
            ranges: r[4],
            versions: r[5],
            modified: time(r[6]),
            withdrawn: r[7] ? time(r[7]) : null,
            aliases: r[8],
            summary: r[9],
            severity: r[10],
          });
        }
      }
      return out;
    },

    async get(id) {
      const row = await db
        .selectFrom('advisories')
        .select(['id', 'modified', 'record'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { id: row.id, modified: iso(row.modified), record: row.record } : null;
    },

    async count() {
      const row = await db
        .selectFrom('advisories')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
