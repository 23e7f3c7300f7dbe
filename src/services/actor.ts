import { ForbiddenError } from '../core/errors.js';
import type { Role, User } from '../core/schemas.js';

/** Who is asking: a signed-in user, or a local operator (the CLI on the machine that holds the store). */
export type Actor = { kind: 'user'; user: User } | { kind: 'local'; name: string };

export const permissions = [
  'projects:read',
  'projects:write',
  'teams:read',
  'teams:write',
  'users:read',
  'users:write',
  'audit:read',
  'scans:read',
  'scans:write',
  /** Scan a folder on the server's own disk: only where OSPO_SCAN_ROOTS allows it. */
  'scans:server-path',
  /** Read the license policy, waivers and license verdicts. */
  'policy:read',
  /** Change the license policy and grant or revoke waivers. */
  'policy:write',
  /** Read advisories and vulnerability findings. */
  'advisories:read',
  /** Import or sync advisories. */
  'advisories:write',
  /** Record triage decisions about findings, by hand or from VEX documents. */
  'findings:triage',
] as const;
export type Permission = (typeof permissions)[number];

/** What each role may do. Team-scoped refinements (members write only their teams' projects) come on top. */
const grants: Record<Role, readonly Permission[]> = {
  admin: permissions,
  ospo: [
    'projects:read',
    'projects:write',
    'teams:read',
    'teams:write',
    'users:read',
    'audit:read',
    'scans:read',
    'scans:write',
    'scans:server-path',
    'policy:read',
    'policy:write',
    'advisories:read',
    'advisories:write',
    'findings:triage',
  ],
  legal: [
    'projects:read',
    'teams:read',
    'users:read',
    'audit:read',
    'scans:read',
    'policy:read',
    'policy:write',
    'advisories:read',
  ],
  security: [
    'projects:read',
    'teams:read',
    'users:read',
    'audit:read',
    'scans:read',
    'policy:read',
    'advisories:read',
    'advisories:write',
    'findings:triage',
  ],
  member: [
    'projects:read',
    'projects:write',
    'teams:read',
    'scans:read',
    'scans:write',
    'policy:read',
    'advisories:read',
  ],
  viewer: ['projects:read', 'teams:read', 'scans:read', 'policy:read', 'advisories:read'],
};

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'local') return true; // whoever can open the store's files owns it
  return grants[actor.user.role].includes(permission);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new ForbiddenError('ERR_OSPO_FORBIDDEN', `your role may not do this (needs ${permission})`, {
      hint: 'Ask an ospokit admin for a role that includes it.',
      details: { permission },
    });
  }
}

/** The name written to the audit log. */
export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.user.email}` : `local:${actor.name}`;
}
