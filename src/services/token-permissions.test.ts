import { describe, expect, it } from 'vitest';
import type { OspoError } from '../core/errors.js';
import type { Role } from '../core/schemas.js';
import type { TokenScope } from '../core/tokens.js';
import { type Actor, actorName, authorize, can, type Permission, permissions } from './actor.js';
import { parseExpiry } from './tokens-expiry.js';

const userOf = (role: Role) => ({
  id: 'u',
  email: `${role}@example.org`,
  name: role,
  role,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const userToken = (role: Role, scopes: TokenScope[]): Actor => ({
  kind: 'token',
  tokenId: '00000000-0000-4000-8000-000000000001',
  name: 'ci',
  user: userOf(role),
  team: null,
  scopes,
});
const teamToken = (scopes: TokenScope[]): Actor => ({
  kind: 'token',
  tokenId: '00000000-0000-4000-8000-000000000002',
  name: 'shop CI',
  user: null,
  team: { id: 't', name: 'shop' },
  scopes,
});
const asUser = (role: Role): Actor => ({ kind: 'user', user: userOf(role) });
const allowed = (actor: Actor) => permissions.filter((p) => can(actor, p));

describe('what a token may do: its owner’s role within its scopes', () => {
  const table: [string, Actor, Permission[], Permission[]][] = [
    [
      'a member’s read token reads what a member reads',
      userToken('member', ['read']),
      ['projects:read', 'scans:read', 'policy:read', 'advisories:read', 'teams:read'],
      ['scans:write', 'projects:write', 'audit:read', 'users:read'],
    ],
    [
      'a member’s scan:write token uploads scans and creates projects',
      userToken('member', ['scan:write']),
      ['scans:write', 'projects:write', 'projects:read'],
      ['scans:server-path', 'findings:triage', 'policy:write'],
    ],
    [
      'a security engineer’s triage token records decisions but imports nothing',
      userToken('security', ['triage']),
      ['findings:triage', 'advisories:read', 'audit:read'],
      ['advisories:write', 'scans:write'],
    ],
    [
      'a viewer’s admin token still only views',
      userToken('viewer', ['admin']),
      ['projects:read', 'advisories:read'],
      ['scans:write', 'projects:write', 'findings:triage', 'users:write'],
    ],
    [
      'an admin’s admin token does what the admin does, except manage tokens',
      userToken('admin', ['admin']),
      ['users:write', 'policy:write', 'scans:server-path', 'audit:read'],
      ['tokens:own', 'tokens:write', 'tokens:admin'],
    ],
    [
      'a team token has a member’s rights within its scopes',
      teamToken(['admin']),
      ['scans:write', 'projects:write', 'projects:read'],
      ['users:read', 'policy:write', 'findings:triage', 'tokens:own'],
    ],
  ];
  it.each(table)('%s', (_what, actor, yes, no) => {
    for (const p of yes) expect(can(actor, p), p).toBe(true);
    for (const p of no) expect(can(actor, p), p).toBe(false);
  });

  it('never grants a token more than its owner, whatever the scopes', () => {
    const roles: Role[] = ['admin', 'ospo', 'legal', 'security', 'member', 'viewer'];
    for (const role of roles) {
      const owner = new Set(allowed(asUser(role)));
      for (const p of allowed(userToken(role, ['read', 'scan:write', 'triage', 'admin']))) {
        expect(owner.has(p), `${role} token: ${p}`).toBe(true);
      }
    }
  });

  it('says in the refusal whether the scopes or the role stand in the way', () => {
    const reason = (actor: Actor, p: Permission) => {
      try {
        authorize(actor, p);
      } catch (error) {
        return [(error as OspoError).code, (error as OspoError).message];
      }
      return ['allowed'];
    };
    expect(reason(userToken('member', ['read']), 'scans:write')).toEqual([
      'ERR_OSPO_FORBIDDEN',
      "the token's scopes (read) do not allow this (needs scans:write)",
    ]);
    expect(reason(userToken('viewer', ['admin']), 'scans:write')[1]).toContain("owner's role (viewer)");
    expect(reason(userToken('admin', ['admin']), 'tokens:own')[1]).toContain('may not manage tokens');
  });

  it('names tokens in the audit log with their owner', () => {
    expect(actorName(userToken('member', ['read']))).toBe('token:ci@member@example.org');
    expect(actorName(teamToken(['read']))).toBe('token:shop CI@team:shop');
  });
});

describe('token expiry', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it.each([
    [undefined, '2026-05-30T12:00:00.000Z'],
    ['30d', '2026-03-31T12:00:00.000Z'],
    ['2027-01-01', '2027-01-02T00:00:00.000Z'],
    ['2026-06-01T08:00:00+02:00', '2026-06-01T06:00:00.000Z'],
    ['never', null],
    ['NEVER', null],
  ])('reads %s', (text, expected) => {
    const at = parseExpiry(text, now);
    expect(at === null ? null : at.toISOString()).toBe(expected);
  });
  it.each(['tomorrow', '2026-02-30', '-5d', '2026-06-01T08:00', ''])('refuses %j', (text) => {
    expect(() => parseExpiry(text, now)).toThrow(expect.objectContaining({ code: 'ERR_OSPO_TOKEN_EXPIRY' }));
  });
});
