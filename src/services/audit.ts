import { csvLine } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import type { AuditEntry, Page } from '../core/schemas.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeSortedCursor, sortOf, toSortedPage } from './cursor.js';
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

/** How GET /api/v1/audit may be sorted: newest first (the default) or oldest first, both by id. */
export const auditSorts = ['-at', 'at'] as const;

/** A page of the audit log, newest first unless sorted `at`. */
export async function listAudit(
  store: Store,
  actor: Actor,
  query: AuditQuery & { limit: number; cursor?: string | undefined; sort?: string | undefined },
): Promise<Page<AuditEntry>> {
  authorize(actor, 'audit:read');
  const sort = sortOf(auditSorts, query.sort);
  const filter = toFilter(query);
  const from = cursorId(query.cursor, sort);
  const oldestFirst = sort === 'at';
  const rows = await store.repos.audit.list({
    ...filter,
    limit: query.limit + 1,
    ...(oldestFirst ? { after: from, oldestFirst } : { before: from }),
  });
  return toSortedPage(rows, query.limit, sort, (e) => ({ key: e.at, id: e.id }));
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

/** The id of the entry a cursor stops at: entries go by id, whichever the direction. */
function cursorId(cursor: string | undefined, sort: string): string | undefined {
  return decodeSortedCursor(cursor, sort, auditSorts[0], (c) => /^\d{1,19}$/.test(c.id))?.id;
}

function definedOnly(query: AuditQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && value) out[key] = value;
  return out;
}
