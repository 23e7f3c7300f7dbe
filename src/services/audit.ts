import type { AuditEntry, Page } from '../core/schemas.js';
import { type Actor, authorize } from './actor.js';
import type { Store } from './ports.js';

export async function listAudit(
  store: Store,
  actor: Actor,
  query: { limit: number; before?: string | undefined; targetType?: string | undefined },
): Promise<Page<AuditEntry>> {
  authorize(actor, 'audit:read');
  const rows = await store.repos.audit.list({ ...query, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const next = rows.length > query.limit ? (items[items.length - 1]?.id ?? null) : null;
  return { items, next };
}
