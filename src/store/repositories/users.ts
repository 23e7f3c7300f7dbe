import { type Kysely, sql } from 'kysely';
import type { ListOptions, UserRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { toUser } from './rows.js';

const publicColumns = ['id', 'email', 'name', 'role', 'created_at'] as const;

export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async list({ limit, after }: ListOptions) {
      let query = db.selectFrom('users').select(publicColumns);
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple(sql<string>`lower(email)`, 'id'), '>', tuple(after.key, after.id)),
        );
      }
      const rows = await query.orderBy(sql`lower(email)`).orderBy('id').limit(limit).execute();
      return rows.map(toUser);
    },
    async get(id) {
      const row = await db
        .selectFrom('users')
        .select(publicColumns)
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async getByEmailWithSecret(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      if (!row) return null;
      return { ...toUser(row), passwordHash: row.password_hash, disabled: row.disabled_at !== null };
    },
    async insert(user) {
      const row = await db
        .insertInto('users')
        .values({ email: user.email, name: user.name, role: user.role, password_hash: user.passwordHash })
        .returning(publicColumns)
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async lockForFirstUser() {
      await sql`lock table users in share row exclusive mode`.execute(db);
    },
  };
}
