import type { Kysely } from 'kysely';
import type { UserAccount, UserRepository, UserSortKey } from '../../services/ports.js';
import { sql } from '../kysely.js';
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

/**
 * The ordering expression of a user sort, and a cursor key as it compares with it: the email key is
 * lowercased already, a name key is the name as stored (lowercased here, the same way as the column),
 * a created key is an ISO time in milliseconds.
 */
export function userOrder(sortKey: UserSortKey, cursorKey: string | undefined, table = '') {
  const col = (name: string) => sql.raw(table ? `${table}.${name}` : name);
  switch (sortKey) {
    case 'name':
      return { column: sql<string>`lower(${col('name')})`, key: sql`lower(${cursorKey ?? ''})` };
    case 'created':
      return {
        column: sql<string>`date_trunc('milliseconds', ${col('created_at')})`,
        key: sql`${cursorKey ?? null}::timestamptz`,
      };
    default:
      return { column: sql<string>`lower(${col('email')})`, key: sql`${cursorKey ?? ''}` };
  }
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
    async list({ limit, after, sort }: Parameters<UserRepository['list']>[0]) {
      let query = db.selectFrom('users').select(accountColumns);
      const { column, key } = userOrder(sort?.key ?? 'email', after?.key);
      const direction = sort?.desc ? 'desc' : 'asc';
      if (after) {
        query = query.where(
          sql<boolean>`(${column}, id) ${sql.raw(sort?.desc ? '<' : '>')} (${key}, ${after.id}::uuid)`,
        );
      }
      const rows = await query.orderBy(column, direction).orderBy('id', direction).limit(limit).execute();
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
