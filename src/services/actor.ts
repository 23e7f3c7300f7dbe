import { ForbiddenError } from '../core/errors.js';
import type { Role, User } from '../core/schemas.js';
import type { TokenScope } from '../core/tokens.js';

/**
 * Who is asking: a signed-in user, a local operator (the CLI on the machine that holds the store), or
 * an API token (CI, scripts), which belongs to one user or one team and carries scopes.
 */
export type Actor =
  | { kind: 'user'; user: User }
  | { kind: 'local'; name: string }
  | {
      kind: 'token';
      tokenId: string;
      name: string;
      user: User | null;
      team: { id: string; name: string } | null;
      scopes: readonly TokenScope[];
    };

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
  /** Create, list and revoke one's own API tokens. */
  'tokens:own',
  /** Create, list and revoke team tokens. */
  'tokens:write',
  /** List and revoke everyone's tokens; tokens for other users, longer than a year, or that never expire. */
  'tokens:admin',
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
    'tokens:own',
    'tokens:write',
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
    'tokens:own',
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
    'tokens:own',
  ],
  member: [
    'projects:read',
    'projects:write',
    'teams:read',
    'scans:read',
    'scans:write',
    'policy:read',
    'advisories:read',
    'tokens:own',
  ],
  viewer: ['projects:read', 'teams:read', 'scans:read', 'policy:read', 'advisories:read', 'tokens:own'],
};

/**
 * What each scope lets a token do, before the owner's role narrows it: `read` every `*:read`,
 * `scan:write` uploading scans (and creating the project to hold them), `triage` recording decisions,
 * `admin` whatever the owner may. No scope lets a token manage tokens: a leaked token cannot mint a
 * longer-lived one.
 */
const scopeGrants: Record<TokenScope, (permission: Permission) => boolean> = {
  read: isRead,
  'scan:write': (p) => isRead(p) || p === 'scans:write' || p === 'projects:write',
  triage: (p) => isRead(p) || p === 'findings:triage',
  admin: () => true,
};

function isRead(permission: Permission): boolean {
  return permission.endsWith(':read');
}

const neverForTokens = (permission: Permission) => permission.startsWith('tokens:');

/** A token's permissions: its owner's (a team token has a member's) within its scopes. */
function tokenCan(actor: Extract<Actor, { kind: 'token' }>, permission: Permission): boolean {
  if (neverForTokens(permission)) return false;
  const role: Role = actor.user ? actor.user.role : 'member';
  return grants[role].includes(permission) && actor.scopes.some((scope) => scopeGrants[scope](permission));
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'local') return true; // whoever can open the store's files owns it
  if (actor.kind === 'token') return tokenCan(actor, permission);
  return grants[actor.user.role].includes(permission);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (actor.kind === 'token' && !can(actor, permission)) throw tokenForbidden(actor, permission);
  if (!can(actor, permission)) {
    throw new ForbiddenError('ERR_OSPO_FORBIDDEN', `your role may not do this (needs ${permission})`, {
      hint: 'Ask an ospokit admin for a role that includes it.',
      details: { permission },
    });
  }
}

/** Say whether the token's scopes or its owner's role stand in the way. */
function tokenForbidden(actor: Extract<Actor, { kind: 'token' }>, permission: Permission): ForbiddenError {
  const details = { permission };
  if (neverForTokens(permission)) {
    return new ForbiddenError(
      'ERR_OSPO_FORBIDDEN',
      `API tokens may not manage tokens (needs ${permission})`,
      {
        hint: 'Sign in to the dashboard, or run `ospo tokens` on the server, to create or revoke tokens.',
        details,
      },
    );
  }
  const role: Role = actor.user ? actor.user.role : 'member';
  if (!grants[role].includes(permission)) {
    const whose = actor.user ? `its owner's role (${role})` : 'a team token';
    return new ForbiddenError('ERR_OSPO_FORBIDDEN', `${whose} may not do this (needs ${permission})`, {
      hint: 'A token can do at most what its owner may; ask an admin for a role that includes it.',
      details,
    });
  }
  return new ForbiddenError(
    'ERR_OSPO_FORBIDDEN',
    `the token's scopes (${actor.scopes.join(', ')}) do not allow this (needs ${permission})`,
    { hint: 'Create a token with a scope that includes it (see docs/guide/tokens.md).', details },
  );
}

/** The name written to the audit log. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'user') return `user:${actor.user.email}`;
  if (actor.kind === 'local') return `local:${actor.name}`;
  const owner = actor.user ? actor.user.email : `team:${actor.team?.name ?? 'unknown'}`;
  return `token:${actor.name}@${owner}`;
}
