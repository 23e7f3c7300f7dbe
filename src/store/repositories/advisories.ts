import { type Kysely, sql } from 'kysely';
import type { AdvisoryRepository, AffectedMatchRow } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { iso } from './rows.js';

export function advisoryRepository(db: Kysely<Database>): AdvisoryRepository {
  return {
    async upsert(batch) {
      if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      // the last copy of an id in a batch wins, as if imported one after another
      const byId = new Map(batch.map((r) => [r.id, r]));
      const rows = [...byId.values()];
      const written = await db
        .insertInto('advisories')
        .values(
          rows.map((r) => ({
            id: r.id,
            modified: r.modified,
            published: r.published,
            withdrawn: r.withdrawn,
            aliases: r.aliases,
            summary: r.summary,
            severity: JSON.stringify(r.severity),
            record: JSON.stringify(r.record),
          })),
        )
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              modified: eb.ref('excluded.modified'),
              published: eb.ref('excluded.published'),
              withdrawn: eb.ref('excluded.withdrawn'),
              aliases: eb.ref('excluded.aliases'),
              summary: eb.ref('excluded.summary'),
              severity: eb.ref('excluded.severity'),
              record: eb.ref('excluded.record'),
              imported_at: sql`date_trunc('milliseconds', now())`,
            }))
            .where('advisories.modified', '<', (eb) => eb.ref('excluded.modified')),
        )
        .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
        .execute();
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
          ranges: JSON.stringify(a.ranges),
          versions: a.versions,
        })),
      );
      for (let i = 0; i < affected.length; i += 2000) {
        await db
          .insertInto('advisory_affected')
          .values(affected.slice(i, i + 2000))
          .execute();
      }
      const inserted = written.length - updatedIds.length;
      return { inserted, updated: updatedIds.length, unchanged: batch.length - written.length };
    },

    async affectedFor(packages) {
      if (packages.length === 0) return [];
      const out: AffectedMatchRow[] = [];
      for (let i = 0; i < packages.length; i += 5000) {
        const chunk = packages.slice(i, i + 5000);
        const rows = await db
          .selectFrom('advisory_affected as f')
          .innerJoin('advisories as a', 'a.id', 'f.advisory_id')
          .where(
            sql<boolean>`(f.ecosystem, f.name) in (select * from unnest(${chunk.map((p) => p.ecosystem)}::text[], ${chunk.map((p) => p.name)}::text[]))`,
          )
          .select([
            'f.advisory_id',
            'f.ecosystem',
            'f.ecosystem_full',
            'f.name',
            'f.ranges',
            'f.versions',
            'a.modified',
            'a.withdrawn',
            'a.aliases',
            'a.summary',
            'a.severity',
          ])
          .execute();
        for (const r of rows) {
          out.push({
            advisoryId: r.advisory_id,
            ecosystem: r.ecosystem,
            ecosystemFull: r.ecosystem_full,
            name: r.name,
            ranges: r.ranges,
            versions: r.versions,
            modified: iso(r.modified),
            withdrawn: r.withdrawn ? iso(r.withdrawn) : null,
            aliases: r.aliases,
            summary: r.summary,
            severity: r.severity,
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
