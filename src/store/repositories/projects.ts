import { type Kysely, sql } from 'kysely';
import type { ListOptions, ProjectInsert, ProjectRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { toProject } from './rows.js';

export function projectRepository(db: Kysely<Database>): ProjectRepository {
  return {
    async list({ limit, after, teamIds }: ListOptions & { teamIds?: readonly string[] | undefined }) {
      let query = db.selectFrom('projects').selectAll();
      if (teamIds) {
        const ids = [...teamIds];
        query = query.where((eb) =>
          ids.length
            ? eb.or([eb('owner_team_id', 'is', null), eb('owner_team_id', 'in', ids)])
            : eb('owner_team_id', 'is', null),
        );
      }
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple(sql<string>`lower(name)`, 'id'), '>', tuple(after.key, after.id)),
        );
      }
      const rows = await query.orderBy(sql`lower(name)`).orderBy('id').limit(limit).execute();
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
