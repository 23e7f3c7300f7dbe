import type { Kysely } from 'kysely';
import type { SessionRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { toUser } from './rows.js';

export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async getWithUser(id) {
      const row = await db
        .selectFrom('sessions as s')
        .leftJoin('users as u', (join) =>
          join.onRef('u.id', '=', 's.user_id').on('u.disabled_at', 'is', null),
        )
        .select([
          's.id',
          's.user_id',
          's.csrf_token',
          's.expires_at',
          'u.email',
          'u.name',
          'u.role',
          'u.created_at',
        ])
        .where('s.id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      const session = {
        id: row.id,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        expiresAt: new Date(row.expires_at),
      };
      const user =
        row.email === null || row.name === null || row.role === null || row.created_at === null
          ? null
          : toUser({
              id: row.user_id,
              email: row.email,
              name: row.name,
              role: row.role,
              created_at: row.created_at,
            });
      return { session, user };
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteForUser(userId) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
