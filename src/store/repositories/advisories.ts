import { inflateRawSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { type AdvisoryRows, advisoryRows, matchChunks, matchRowChunks } from '../../core/advisory-rows.js';
import type { AdvisoryRepository } from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso } from './rows.js';

/** Names of one ecosystem looked up per query by affectedToMatch. */
const MATCH_CHUNK = 50_000;

/**
 * One row of `advisory_affected f` as a match tuple (core/advisory-rows MatchTuple), as matching reads
 * it and the PGlite match index keeps it (store/match-index.ts).
 */
export const matchTuple = sql`json_build_array(
  f.advisory_id, f.ecosystem, f.ecosystem_full, f.name, f.ranges, f.versions,
  f.aliases, f.summary, to_json(f.severity::text))`;

export function advisoryRepository(db: Kysely<Database>): AdvisoryRepository {
  return {
    async upsert(batch) {
      if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0, written: [] };
      // the last copy of an id in a batch wins, as if imported one after another
      const byId = new Map<string, AdvisoryRows>();
      for (const r of batch) {
        byId.set(r.id, 'advisory' in r ? r : advisoryRows(r, r.recordText ?? JSON.stringify(r.record)));
      }
      // the whole batch as one JSON document, one statement per table: thousands of bound parameters
      // cost more to send and plan than the rows cost to write
      // in id order: two batches written at once lock the rows they share in the same order
      const parts: string[] = [];
      for (const r of [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
        parts.push(r.advisory);
      const { rows: written } = await sql<{ id: string; inserted: boolean }>`
        insert into advisories (id, modified, published, withdrawn, aliases, summary, severity, record_deflated)
        select r.id, r.modified, r.published, r.withdrawn, r.aliases, r.summary, r.severity,
          decode(r.record_deflated, 'base64')
        from json_to_recordset(${Buffer.from(`[${parts.join(',')}]`)}::json) as r(
          id text, modified timestamptz, published timestamptz, withdrawn timestamptz,
          aliases text[], summary text, severity jsonb, record_deflated text)
        on conflict (id) do update set
          modified = excluded.modified,
          published = excluded.published,
          withdrawn = excluded.withdrawn,
          aliases = excluded.aliases,
          summary = excluded.summary,
          severity = excluded.severity,
          record = null,
          record_deflated = excluded.record_deflated,
          imported_at = date_trunc('milliseconds', now())
        where advisories.modified < excluded.modified
        returning id, (xmax = 0) as inserted`.execute(db);
      const updatedIds = written.filter((w) => !w.inserted).map((w) => w.id);
      if (updatedIds.length > 0)
        await db.deleteFrom('advisory_affected').where('advisory_id', 'in', updatedIds).execute();
      const affected: string[] = [];
      for (const w of written) {
        const rows = byId.get(w.id)?.affected;
        if (rows) for (const row of rows) affected.push(row);
      }
      if (affected.length > 0) {
        await sql`
          insert into advisory_affected (advisory_id, ordinal, ecosystem, ecosystem_full, name, ranges, versions,
            modified, withdrawn, aliases, summary, severity)
          select r.advisory_id, r.ordinal, r.ecosystem, r.ecosystem_full, r.name, r.ranges, r.versions,
            r.modified, r.withdrawn, r.aliases, r.summary, r.severity
          from json_to_recordset(${Buffer.from(`[${affected.join(',')}]`)}::json) as r(
            advisory_id text, ordinal integer, ecosystem text, ecosystem_full text, name text,
            ranges json, versions json, modified timestamptz, withdrawn timestamptz, aliases json,
            summary text, severity json)`.execute(db);
      }
      const inserted = written.length - updatedIds.length;
      if (inserted > 0) await sql`update advisory_stats set records = records + ${inserted}`.execute(db);
      return {
        inserted,
        updated: updatedIds.length,
        unchanged: batch.length - written.length,
        written: written.map((w) => w.id),
      };
    },

    async affectedFor(packages) {
      if (packages.length === 0) return [];
      // for looking rows up, not for matching (affectedToMatch): plain rows, in the plan's order
      const rows = await db
        .selectFrom('advisory_affected')
        .select([
          'advisory_id',
          'ecosystem',
          'ecosystem_full',
          'name',
          'ranges',
          'versions',
          'modified',
          'withdrawn',
          'aliases',
          'summary',
          'severity',
        ])
        .where(
          sql<boolean>`(ecosystem, name) in (select * from unnest(${packages.map((p) => p.ecosystem)}::text[], ${packages.map((p) => p.name)}::text[]))`,
        )
        .execute();
      return rows.map((r) => ({
        advisoryId: r.advisory_id,
        ecosystem: r.ecosystem,
        ecosystemFull: r.ecosystem_full,
        name: r.name,
        ranges: r.ranges,
        versions: r.versions,
        modified: iso(r.modified),
        withdrawn: r.withdrawn === null ? null : iso(r.withdrawn),
        aliases: r.aliases,
        summary: r.summary,
        severity: r.severity,
      }));
    },

    affectedToMatch: (packages, options = {}) => matchRowChunks(matchTexts(db, packages, options)),

    affectedToMatchTexts: (packages, options = {}) => matchTexts(db, packages, options),

    async analyze() {
      // matching's queries read advisory_affected alone; `advisories` is only looked up by its key,
      // and sampling its 500,000 records as well (their documents are most of the store) took 0.7-1.3 s
      await sql`analyze advisory_affected`.execute(db);
    },

    async get(id) {
      const row = await db
        .selectFrom('advisories')
        .select(['id', 'modified', 'record', 'record_deflated'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      const record =
        row.record_deflated === null
          ? row.record
          : (JSON.parse(inflateRawSync(row.record_deflated).toString('utf8')) as unknown);
      return { id: row.id, modified: iso(row.modified), record };
    },

    async count() {
      // kept by upsert; counting the records themselves scans the largest table
      const row = await db.selectFrom('advisory_stats').select('records').executeTakeFirst();
      if (row) return Number(row.records);
      const all = await db
        .selectFrom('advisories')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(all.n);
    },
  };
}

/** The chunks of affectedToMatchTexts. */
async function* matchTexts(
  db: Kysely<Database>,
  packages: readonly { ecosystem: string; name: string }[],
  options: { namesPerQuery?: number },
): AsyncGenerator<string> {
  const perQuery = options.namesPerQuery ?? MATCH_CHUNK;
  // One query per ecosystem (large ones in parts): the table is kept in package order, so each
  // reads its own stretch of the table by the package index, and while the caller evaluates one
  // chunk's rows the server builds the next one's (on PGlite they take turns, unless the caller
  // hands chunks to a worker thread). A chunk is one
  // JSON document of tuples, as in affectedFor, without what matching does not read
  // (`modified`) and without withdrawn records. `= any` of a list, not a join: the names are the
  // keys of an index scan of the stretch, whatever the statistics say (without them, straight
  // after a first import, a join could be planned as a nested loop over both). The list comes
  // through a sub-select, so that the planner does not estimate its thousands of names one by
  // one: planning a chunk of 8,640 names took 41-55 ms with the list inline, 0.2 ms this way.
  const chunks = matchChunks(packages, perQuery);
  const read = (index: number): Promise<string | null> | null => {
    const chunk = chunks[index];
    if (!chunk) return null;
    return sql<{ rows: string | null }>`
      select json_agg(${matchTuple})::text as rows
      from advisory_affected f
      where f.ecosystem = ${chunk.ecosystem}
        and f.name = any(array(select unnest(${chunk.names}::text[])))
        and f.withdrawn is null`
      .execute(db)
      .then((r) => r.rows[0]?.rows ?? null);
  };
  let next = read(0);
  try {
    for (let index = 0; next; index++) {
      const text = await next;
      next = read(index + 1);
      // a turn of the event loop, so that the driver sends the next query before the caller's
      // synchronous work on this chunk begins (it takes a connection from the pool first)
      if (next) await new Promise((resolve) => setImmediate(resolve));
      if (text) yield text;
    }
  } finally {
    // the caller stopped early: the chunk being read is not wanted
    next?.catch(() => {});
  }
}
