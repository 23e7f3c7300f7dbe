import { type Page, query, type Role, request } from '../../api';

/** The audit-log part of the HTTP API. */

export const AUDIT_LOG_PATH = '/settings/audit';

/** Roles whose permissions include audit:read (src/services/actor.ts). */
export const auditReaders: ReadonlySet<Role> = new Set(['admin', 'ospo', 'legal', 'security']);

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** YYYY-MM-DD: from the start of the day (UTC). */
  since?: string | undefined;
  /** YYYY-MM-DD: up to the end of the day (UTC). */
  until?: string | undefined;
}

export const filterKeys = ['actor', 'action', 'targetType', 'targetId', 'since', 'until'] as const;

/** The filter without empty fields, trimmed, so that links and cache keys carry only what is set. */
export function cleanFilter(filter: AuditFilter): AuditFilter {
  const out: AuditFilter = {};
  for (const key of filterKeys) {
    const value = filter[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export function filterFromSearch(search: string): AuditFilter {
  const params = new URLSearchParams(search);
  const out: AuditFilter = {};
  for (const key of filterKeys) out[key] = params.get(key) ?? undefined;
  return cleanFilter(out);
}

export function exportUrl(filter: AuditFilter, format: 'csv' | 'json'): string {
  return `/api/v1/audit/export${query({ ...cleanFilter(filter), format })}`;
}

export const auditApi = {
  list: (filter: AuditFilter, params: { limit?: number; cursor?: string | undefined } = {}) =>
    request<Page<AuditEntry>>('GET', `/api/v1/audit${query({ ...cleanFilter(filter), ...params })}`),
};
