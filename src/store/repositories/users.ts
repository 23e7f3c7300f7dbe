import { type Kysely, sql } from 'kysely';
import type { ListOptions, UserAccount, UserRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';
import { iso, type Row, toUser } from './rows.js';

const publicColumns = ['id', 'email', 'name', 'role', 'created_at'] as const;
const accountColumns = [...publicColumns, 'disabled_at'] as const;

function toAccount(
  row: Pick<Row<'users'>, 'id' | 'email' | 'name' | 'role' | 'created_at' | 'disabled_at'>,
): UserAccount {
  const disabledAt = row.disabled_at === null || row.disabled_at === undefined ? null : iso(row.disabled_at);
  return { ...toUser(row), disabled: disabledAt !== null, disabledAt };
}

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
      let query = db.selectFrom('users').select(accountColumns);
      if (after) {
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(refTuple(sql<string>`lower(email)`, 'id'), '>', tuple(after.key, after.id)),
        );
      }
      const rows = await query.orderBy(sql`lower(email)`).orderBy('id').limit(limit).execute();
      return rows.map(toAccount);
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
    async getAccount(id) {
      const row = await db.selectFrom('users').select(accountColumns).where('id', '=', id).executeTakeFirst();
      return row ? toAccount(row) : null;
    },
    async update(id, changes) {
      if (changes.name === undefined && changes.role === undefined && changes.disabled === undefined) {
        return this.getAccount(id);
      }
      const disabledAt =
        changes.disabled === undefined
          ? {}
          : {
              disabled_at: changes.disabled
                ? sql<Date>`coalesce(disabled_at, date_trunc('milliseconds', now()))`
                : null,
            };
      const row = await db
        .updateTable('users')
        .set({
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.role === undefined ? {} : { role: changes.role }),
          ...disabledAt,
        })
        .where('id', '=', id)
        .returning(accountColumns)
        .executeTakeFirst();
      return row ? toAccount(row) : null;
    },
    async lockActiveAdmins() {
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .orderBy('id')
        .forUpdate()
        .execute();
      return rows.map((r) => String(r.id));
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
