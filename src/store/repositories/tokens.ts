import type { Kysely } from 'kysely';
import type { TokenOwner, TokenScope } from '../../core/tokens.js';
import type { ApiTokenRecord, TokenRepository } from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { iso, toUser } from './rows.js';

export function tokenRepository(db: Kysely<Database>): TokenRepository {
  // every answer carries its owner's email or team name, so lists need no second query
  const withOwner = () =>
    db
      .selectFrom('api_tokens as t')
      .leftJoin('users as u', 'u.id', 't.user_id')
      .leftJoin('teams as g', 'g.id', 't.team_id')
      .select([
        't.id',
        't.name',
        't.prefix',
        't.user_id',
        't.team_id',
        't.scopes',
        't.expires_at',
        't.created_at',
        't.created_by',
        't.last_used_at',
        't.revoked_at',
        't.revoked_by',
        'u.email as user_email',
        'g.name as team_name',
      ]);

  return {
    async insert(token) {
      const { id } = await db
        .insertInto('api_tokens')
        .values({
          name: token.name,
          user_id: token.userId,
          team_id: token.teamId,
          prefix: token.prefix,
          secret_hash: token.secretHash,
          scopes: token.scopes,
          expires_at: token.expiresAt,
          created_by: token.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await withOwner().where('t.id', '=', id).executeTakeFirstOrThrow();
      return toToken(row);
    },
    async list({ limit, after, owners, includeRevoked, sort }) {
      let query = withOwner();
      if (!owners.all) {
        const { userId, teams } = owners;
        query = query.where((eb) =>
          eb.or([
            ...(userId ? [eb('t.user_id', '=', userId)] : []),
            ...(teams ? [eb('t.team_id', 'is not', null)] : []),
            // neither asked for: nothing matches
            sql<boolean>`false`,
          ]),
        );
      }
      if (!includeRevoked) query = query.where('t.revoked_at', 'is', null);
      // newest first unless asked otherwise: api_tokens_*_idx read forwards, or backwards for `created`
      const desc = sort?.desc ?? true;
      const byName = sort?.key === 'name';
      const column = byName ? sql<string>`lower(t.name)` : sql<string>`t.created_at`;
      if (after) {
        // a name key is the name as stored, lowercased here the same way as the column
        const key = byName ? sql`lower(${after.key})` : sql`${after.key}::timestamptz`;
        query = query.where(
          sql<boolean>`(${column}, t.id) ${sql.raw(desc ? '<' : '>')} (${key}, ${after.id}::uuid)`,
        );
      }
      const direction = desc ? 'desc' : 'asc';
      const rows = await query.orderBy(column, direction).orderBy('t.id', direction).limit(limit).execute();
      return rows.map(toToken);
    },
    async get(id) {
      const row = await withOwner().where('t.id', '=', id).executeTakeFirst();
      return row ? toToken(row) : null;
    },
    async getForAuth(secretHash) {
      const row = await withOwner()
        .select([
          'u.name as user_name',
          'u.role as user_role',
          'u.created_at as user_created_at',
          'u.disabled_at',
        ])
        .where('t.secret_hash', '=', secretHash)
        .executeTakeFirst();
      if (!row) return null;
      const active = row.user_id !== null && row.user_email !== null && row.disabled_at === null;
      const user = active
        ? toUser({
            id: row.user_id,
            email: row.user_email,
            name: row.user_name,
            role: row.user_role,
            created_at: row.user_created_at,
          })
        : null;
      return { token: toToken(row), user };
    },
    async revoke(id, by) {
      const revoked = await db
        .updateTable('api_tokens')
        .set({ revoked_at: sql`date_trunc('milliseconds', now())`, revoked_by: by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!revoked) return null;
      const row = await withOwner().where('t.id', '=', id).executeTakeFirstOrThrow();
      return toToken(row);
    },
    async touch(id, at, unlessSince) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', unlessSince)]))
        .execute();
    },
  };
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  user_id: string | null;
  team_id: string | null;
  scopes: string[];
  expires_at: unknown;
  created_at: unknown;
  created_by: string;
  last_used_at: unknown;
  revoked_at: unknown;
  revoked_by: string | null;
  user_email: string | null;
  team_name: string | null;
}

function toToken(row: TokenRow): ApiTokenRecord {
  return {
    id: String(row.id),
    name: row.name,
    prefix: row.prefix,
    owner: ownerOf(row),
    scopes: row.scopes as TokenScope[],
    expiresAt: row.expires_at == null ? null : iso(row.expires_at),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at == null ? null : iso(row.last_used_at),
    revokedAt: row.revoked_at == null ? null : iso(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

function ownerOf(row: TokenRow): TokenOwner {
  if (row.user_id) return { kind: 'user', id: String(row.user_id), email: row.user_email ?? '' };
  return { kind: 'team', id: String(row.team_id), name: row.team_name ?? '' };
}
