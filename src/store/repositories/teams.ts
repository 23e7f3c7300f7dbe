import type { Kysely } from 'kysely';
import type { TeamRepository } from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { toTeam, toUser } from './rows.js';
import { userOrder } from './users.js';

export function teamRepository(db: Kysely<Database>): TeamRepository {
  return {
    async list({ limit, after, sort }: Parameters<TeamRepository['list']>[0]) {
      let query = db.selectFrom('teams').selectAll();
      const created = sort?.key === 'created';
      // created_at keeps microseconds; keys are milliseconds, so the order is by the millisecond too
      const column = created ? sql<string>`date_trunc('milliseconds', created_at)` : sql<string>`lower(name)`;
      const direction = sort?.desc ? 'desc' : 'asc';
      if (after) {
        const key = created ? sql`${after.key}::timestamptz` : sql`${after.key}`;
        query = query.where(
          sql<boolean>`(${column}, id) ${sql.raw(sort?.desc ? '<' : '>')} (${key}, ${after.id}::uuid)`,
        );
      }
      const rows = await query.orderBy(column, direction).orderBy('id', direction).limit(limit).execute();
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

    async members(teamId, { limit, after, sort }: Parameters<TeamRepository['members']>[1]) {
      let query = db
        .selectFrom('team_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.created_at'])
        .where('m.team_id', '=', teamId)
        .where('u.disabled_at', 'is', null);
      const { column, key } = userOrder(sort?.key ?? 'email', after?.key, 'u');
      const direction = sort?.desc ? 'desc' : 'asc';
      if (after) {
        query = query.where(
          sql<boolean>`(${column}, u.id) ${sql.raw(sort?.desc ? '<' : '>')} (${key}, ${after.id}::uuid)`,
        );
      }
      const rows = await query.orderBy(column, direction).orderBy('u.id', direction).limit(limit).execute();
      return rows.map(toUser);
    },
  };
}
