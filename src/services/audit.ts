import { csvLine } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import type { AuditEntry, Page } from '../core/schemas.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeCursor, toPage } from './cursor.js';
import type { AuditFilter, Store } from './ports.js';

/** Audit filters as a caller writes them: times are ISO 8601 date-times, or dates (whole UTC days). */
export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** From this time, or from the start of this day. */
  since?: string | undefined;
  /** Before this time, or up to the end of this day. */
  until?: string | undefined;
}

export type AuditExportFormat = 'csv' | 'json';

/** A page of the audit log, newest first. */
export async function listAudit(
  store: Store,
  actor: Actor,
  query: AuditQuery & { limit: number; cursor?: string | undefined },
): Promise<Page<AuditEntry>> {
  authorize(actor, 'audit:read');
  const filter = toFilter(query);
  const rows = await store.repos.audit.list({
    ...filter,
    limit: query.limit + 1,
    before: beforeId(query.cursor),
  });
  return toPage(rows, query.limit, (e) => ({ key: e.at, id: e.id }));
}

/**
 * Every matching entry, newest first, read a batch at a time so that a long log never sits in memory.
 * The first batch is read before this returns, so a bad filter or an unreachable store is an ordinary
 * error, not a broken download. The export itself is audited; its entry is not part of it.
 */
export async function exportAudit(
  store: Store,
  actor: Actor,
  query: AuditQuery,
  format: AuditExportFormat,
  batchSize = 1000,
): Promise<AsyncGenerator<AuditEntry[], void>> {
  authorize(actor, 'audit:read');
  const filter = toFilter(query);
  const first = await store.repos.audit.list({ ...filter, limit: batchSize });
  await store.repos.audit.append({
    actor: actorName(actor),
    action: 'audit.export',
    targetType: 'audit_log',
    targetId: null,
    details: { format, filter: definedOnly(query) },
  });
  return (async function* batches() {
    let rows = first;
    while (rows.length > 0) {
      yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < batchSize || !last) return;
      rows = await store.repos.audit.list({ ...filter, limit: batchSize, before: last.id });
    }
  })();
}

export const auditCsvColumns = ['id', 'at', 'actor', 'action', 'targetType', 'targetId', 'details'] as const;

/** One entry as a CSV line; details as their JSON text. */
export function auditCsvLine(entry: AuditEntry): string {
  return csvLine([
    entry.id,
    entry.at,
    entry.actor,
    entry.action,
    entry.targetType,
    entry.targetId,
    JSON.stringify(entry.details),
  ]);
}

/** The text of an export, piece by piece: CSV with a header line, or one JSON array. */
export async function* auditExportText(
  batches: AsyncIterable<AuditEntry[]>,
  format: AuditExportFormat,
): AsyncGenerator<string, void> {
  if (format === 'csv') {
    yield csvLine(auditCsvColumns);
    for await (const batch of batches) yield batch.map(auditCsvLine).join('');
    return;
  }
  let first = true;
  yield '[';
  for await (const batch of batches) {
    const parts = batch.map((entry) => JSON.stringify(entry));
    yield `${first ? '\n' : ',\n'}${parts.join(',\n')}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

function toFilter(query: AuditQuery): AuditFilter {
  return {
    actor: query.actor || undefined,
    action: query.action || undefined,
    targetType: query.targetType || undefined,
    targetId: query.targetId || undefined,
    since: instant(query.since, 'since', false),
    until: instant(query.until, 'until', true),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A date-time, or a date as the start of its UTC day (or, for an end, the start of the next one). */
function instant(value: string | undefined, field: string, end: boolean): Date | undefined {
  if (!value) return undefined;
  const dateOnly = DATE_ONLY.test(value);
  const at = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime()) || (!dateOnly && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new InputError('ERR_OSPO_VALIDATION', `${field}: not an ISO 8601 date or date-time`, {
      details: { problems: [{ path: field, message: 'expected a date (2026-01-31) or a date-time' }] },
      hint: 'Write dates as YYYY-MM-DD, or date-times as 2026-01-31T12:00:00Z.',
    });
  }
  return dateOnly && end ? new Date(at.getTime() + DAY_MS) : at;
}

function beforeId(cursor: string | undefined): string | undefined {
  const decoded = decodeCursor(cursor);
  if (!decoded) return undefined;
  if (!/^\d{1,19}$/.test(decoded.id)) {
    throw new InputError('ERR_OSPO_CURSOR', 'the cursor is not one this server gave out', {
      hint: 'Pass the "next" value of the previous page unchanged, or omit cursor for the first page.',
    });
  }
  return decoded.id;
}

function definedOnly(query: AuditQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && value) out[key] = value;
  return out;
}
