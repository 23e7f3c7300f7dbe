import type { Kysely } from 'kysely';
import type { AuditLog } from '../../services/ports.js';
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
    async list({ limit, before, targetType }) {
      let query = db.selectFrom('audit_log').selectAll();
      if (before) query = query.where('id', '<', before);
      if (targetType) query = query.where('target_type', '=', targetType);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toAuditEntry);
    },
  };
}
