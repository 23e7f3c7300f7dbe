import type { Kysely } from 'kysely';
import type { ProjectInsert, ProjectRepository } from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso, toProject } from './rows.js';

export function projectRepository(db: Kysely<Database>): ProjectRepository {
  return {
    async list({ limit, after, teamIds, sort }: Parameters<ProjectRepository['list']>[0]) {
      let query = db.selectFrom('projects').selectAll();
      if (teamIds) {
        const ids = [...teamIds];
        query = query.where((eb) =>
          ids.length
            ? eb.or([eb('owner_team_id', 'is', null), eb('owner_team_id', 'in', ids)])
            : eb('owner_team_id', 'is', null),
        );
      }
      const desc = sort?.desc ?? false;
      const direction = desc ? 'desc' : 'asc';
      const beyond = sql.raw(desc ? '<' : '>');
      if (sort?.key === 'scanned') {
        // one probe of scans_project_idx per project; never-scanned projects last in either direction
        const scanned = db
          .selectFrom(
            query
              .select(
                sql<Date | null>`(select max(s.created_at) from scans s where s.project_id = projects.id)`.as(
                  'scanned_at',
                ),
              )
              .as('p'),
          )
          .selectAll();
        const keyed = after
          ? scanned.where(
              after.key === ''
                ? sql<boolean>`scanned_at is null and id ${beyond} ${after.id}::uuid`
                : sql<boolean>`(scanned_at is null or (scanned_at, id) ${beyond} (${after.key}::timestamptz, ${after.id}::uuid))`,
            )
          : scanned;
        const rows = await keyed
          .orderBy(sql`scanned_at ${sql.raw(direction)} nulls last`)
          .orderBy('id', direction)
          .limit(limit)
          .execute();
        return rows.map((r) => ({
          ...toProject(r),
          scannedAt: r.scanned_at === null ? null : iso(r.scanned_at),
        }));
      }
      // created_at keeps microseconds; keys are milliseconds, so the order is by the millisecond too
      const column =
        sort?.key === 'created'
          ? sql<string>`date_trunc('milliseconds', created_at)`
          : sql<string>`lower(name)`;
      if (after) {
        const key = sort?.key === 'created' ? sql`${after.key}::timestamptz` : sql`${after.key}`;
        query = query.where(sql<boolean>`(${column}, id) ${beyond} (${key}, ${after.id}::uuid)`);
      }
      const rows = await query.orderBy(column, direction).orderBy('id', direction).limit(limit).execute();
      return rows.map(toProject);
    },
    async count() {
      const row = await db
        .selectFrom('projects')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async get(id) {
      const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('projects')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(toProject);
    },
    async getByName(name) {
      const row = await db
        .selectFrom('projects')
        .selectAll()
        .where(sql<string>`lower(name)`, '=', name.toLowerCase())
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async setDistribution(id, distribution) {
      const row = await db
        .updateTable('projects')
        .set({ distribution, updated_at: sql`date_trunc('milliseconds', now())` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async setOwnerTeam(id, teamId) {
      const row = await db
        .updateTable('projects')
        .set({ owner_team_id: teamId, updated_at: sql`date_trunc('milliseconds', now())` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async insert(project: ProjectInsert) {
      const row = await db
        .insertInto('projects')
        .values({
          name: project.name,
          description: project.description,
          owner_team_id: project.ownerTeamId,
          lifecycle: project.lifecycle,
          relation: project.relation,
          distribution: project.distribution,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toProject(row);
    },
  };
}
