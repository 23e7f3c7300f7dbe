import { z } from 'zod';
import { distributions, lifecycles, openSourceRelations, roles } from './vocabulary.js';

/**
 * The shared vocabulary: zod schemas and the types inferred from them. Anything that crosses a
 * boundary (HTTP body, CLI flag, stored row) is checked against one of these.
 */

/** Catalog names follow the Backstage rule: 1-63 chars of [A-Za-z0-9] joined by single [-_.]. */
export const entityName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/, {
    message: 'use 1-63 letters or digits, joined by single -, _ or .',
  });

export type { Distribution, Lifecycle, OpenSourceRelation, Role } from './vocabulary.js';
export { distributions, lifecycles, openSourceRelations, roles } from './vocabulary.js';

export const lifecycle = z.enum(lifecycles);
export const openSourceRelation = z.enum(openSourceRelations);
export const distribution = z.enum(distributions);
export const role = z.enum(roles);

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });

export const team = z
  .object({
    id: uuid,
    name: entityName,
    title: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof team>;

export const newTeam = z.object({
  name: entityName,
  title: z.string().trim().min(1).max(200).nullish(),
});
export type NewTeam = z.infer<typeof newTeam>;

export const project = z
  .object({
    id: uuid,
    name: entityName,
    description: z.string().nullable(),
    ownerTeamId: uuid.nullable(),
    lifecycle,
    relation: openSourceRelation,
    /** Null: the license policy's default context applies. */
    distribution: distribution.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof project>;

export const newProject = z.object({
  name: entityName,
  description: z.string().trim().max(2000).nullish(),
  ownerTeamId: uuid.nullish(),
  lifecycle: lifecycle.default('production'),
  relation: openSourceRelation.default('uses'),
  distribution: distribution.nullish(),
});
export type NewProject = z.input<typeof newProject>;

export const user = z
  .object({
    id: uuid,
    email: z.email(),
    name: z.string(),
    role,
    createdAt: isoDateTime,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

export const newUser = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: role.default('member'),
  password: z.string().min(12, { message: 'use at least 12 characters' }).max(1024),
});
export type NewUser = z.input<typeof newUser>;

export const auditEntry = z
  .object({
    id: z.string(),
    at: isoDateTime,
    actor: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;

/** A page of a list: `next` is an opaque cursor for the following page, null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;
