import type { Kysely } from 'kysely';
import type { AuditLog } from '../../services/ports.js';
import { sql } from '../kysely.js';
import type { Database } from '../schema.js';
import { toAuditEntry } from './rows.js';

/** Append-only: the table's triggers refuse UPDATE, DELETE and TRUNCATE, whoever asks. */
export function auditLog(db: Kysely<Database>): AuditLog {
  return {
    async append(entry) {
      await db
        .insertInto('audit_log')
        .values({
          actor: entry.actor,
          action: entry.action,
          target_type: entry.targetType,
          target_id: entry.targetId,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute();
    },
    async list({ limit, before, after, oldestFirst, targetType, targetId, actor, action, since, until }) {
      let query = db.selectFrom('audit_log').selectAll();
      if (before) query = query.where('id', '<', before);
      if (after) query = query.where('id', '>', after);
      if (targetType) query = query.where('target_type', '=', targetType);
      if (targetId) query = query.where('target_id', '=', targetId);
      if (actor) query = query.where('actor', 'ilike', `%${escapeLike(actor)}%`);
      if (action?.endsWith('*')) {
        query = query.where('action', 'like', `${escapeLike(action.slice(0, -1))}%`);
      } else if (action) {
        query = query.where('action', '=', action);
      }
      // `at` is Generated<Timestamp>, whose select type Kysely cannot compare with a Date
      if (since) query = query.where(sql<Date>`at`, '>=', since);
      if (until) query = query.where(sql<Date>`at`, '<', until);
      const rows = await query
        .orderBy('id', oldestFirst ? 'asc' : 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAuditEntry);
    },
    async changeStamp() {
      const { rows } = await sql<{ audit: string | null; matched: string | null }>`
        select (select max(id) from audit_log)::text as audit,
          (select max(matched_at) from scans)::text as matched`.execute(db);
      return `${rows[0]?.audit ?? ''}/${rows[0]?.matched ?? ''}`;
    },
  };
}

/** LIKE's wildcards as plain characters (backslash is PostgreSQL's default escape). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
