import type { AuditEntry, Project, Team, User } from '../../core/schemas.js';
import type { Database } from '../schema.js';

/** Row-to-domain mapping: snake_case columns to the camelCase shapes of core/schemas. */

export type Row<T extends keyof Database> = { [K in keyof Database[T]]: unknown };

export const iso = (value: unknown): string => new Date(value as string | Date).toISOString();

export function toProject(row: Row<'projects'>): Project {
  return {
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    ownerTeamId: (row.owner_team_id as string | null) ?? null,
    lifecycle: row.lifecycle as Project['lifecycle'],
    relation: row.relation as Project['relation'],
    distribution: (row.distribution as Project['distribution'] | null) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toTeam(row: Row<'teams'>): Team {
  return {
    id: String(row.id),
    name: String(row.name),
    title: (row.title as string | null) ?? null,
    createdAt: iso(row.created_at),
  };
}

export function toUser(row: Pick<Row<'users'>, 'id' | 'email' | 'name' | 'role' | 'created_at'>): User {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as User['role'],
    createdAt: iso(row.created_at),
  };
}

export function toAuditEntry(row: Row<'audit_log'>): AuditEntry {
  return {
    id: String(row.id),
    at: iso(row.at),
    actor: String(row.actor),
    action: String(row.action),
    targetType: String(row.target_type),
    targetId: (row.target_id as string | null) ?? null,
    details: (row.details as Record<string, unknown> | null) ?? {},
  };
}
