import { type Kysely, sql } from 'kysely';
import type { ListOptions, TeamRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { toTeam, toUser } from './rows.js';

export function teamRepository(db: Kysely<Database>): TeamRepository {
  return {
    async list({ limit, after }: ListOptions) {
      let query = db.selectFrom('teams').selectAll();
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple(sql<string>`lower(name)`, 'id'), '>', tuple(after.key, after.id)),
        );
      }
      const rows = await query.orderBy(sql`lower(name)`).orderBy('id').limit(limit).execute();
      return rows.map(toTeam);
    },
    async get(id) {
      const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toTeam(row) : null;
    },
    async getByName(name) {
      const row = await db
        .selectFrom('teams')
        .selectAll()
        .where(sql<string>`lower(name)`, '=', name.toLowerCase())
        .executeTakeFirst();
      return row ? toTeam(row) : null;
    },
    async insert(team) {
      const row = await db.insertInto('teams').values(team).returningAll().executeTakeFirstOrThrow();
      return toTeam(row);
    },
    async addMember(teamId, userId) {
      await db
        .insertInto('team_members')
        .values({ team_id: teamId, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async removeMember(teamId, userId) {
      const result = await db
        .deleteFrom('team_members')
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async update(id, changes) {
      if (changes.name === undefined && changes.title === undefined) return this.get(id);
      const row = await db
        .updateTable('teams')
        .set({
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.title === undefined ? {} : { title: changes.title }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toTeam(row) : null;
    },
    async teamsOf(userId) {
      const rows = await db
        .selectFrom('team_members')
        .select('team_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => String(r.team_id));
    },

    async members(teamId, { limit, after }: ListOptions) {
      let query = db
        .selectFrom('team_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.created_at'])
        .where('m.team_id', '=', teamId)
        .where('u.disabled_at', 'is', null);
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple(sql<string>`lower(u.email)`, 'u.id'), '>', tuple(after.key, after.id)),
        );
      }
      const rows = await query.orderBy(sql`lower(u.email)`).orderBy('u.id').limit(limit).execute();
      return rows.map(toUser);
    },
  };
}
