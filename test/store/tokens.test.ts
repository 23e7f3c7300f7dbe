import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OspoError } from '../../src/core/errors.js';
import type { User } from '../../src/core/schemas.js';
import type { Actor } from '../../src/services/actor.js';
import { createTeam } from '../../src/services/teams.js';
import { createToken, listTokens, resolveToken, revokeToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };
const PASSWORD = 'a long enough password';
const DAY = 24 * 60 * 60 * 1000;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as OspoError).code ?? String(error);
  }
  return 'no error';
}

describe.each(backends)('API tokens on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  const users: Record<string, User> = {};
  const as = (role: string): Actor => ({ kind: 'user', user: users[role]! });

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    for (const role of ['admin', 'ospo', 'member', 'viewer'] as const) {
      users[role] = await createUser(store, local, {
        email: `${role}@example.org`,
        name: role,
        role,
        password: PASSWORD,
      });
    }
    await createTeam(store, local, { name: 'shop' });
  });
  afterAll(() => dispose());

  it('hands out the secret once and stores only its sha256, a display prefix and the scopes', async () => {
    const created = await createToken(store, as('member'), { name: 'laptop', scopes: ['read', 'triage'] });
    expect(created.secret).toMatch(/^ospo_[0-9A-Za-z]{40}$/);
    expect(created).toMatchObject({
      name: 'laptop',
      prefix: created.secret.slice(0, 9),
      owner: { kind: 'user', id: users.member!.id, email: 'member@example.org' },
      scopes: ['read', 'triage'],
      state: 'active',
      createdBy: 'user:member@example.org',
      lastUsedAt: null,
    });
    // the default expiry: 90 days
    const days = (Date.parse(created.expiresAt!) - Date.parse(created.createdAt)) / DAY;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const rows = await sql<
      Record<string, unknown>
    >`select * from api_tokens where id = ${created.id}`.execute(store.database.db);
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows)).not.toContain(created.secret);
    expect(rows.rows[0]?.secret_hash).toBe(createHash('sha256').update(created.secret).digest('hex'));
    const audit = await store.repos.audit.list({ limit: 5, targetType: 'api_token' });
    expect(audit[0]).toMatchObject({ action: 'token.create', targetId: created.id });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it('resolves a secret to its owner and scopes, writing down the last use at most once a minute', async () => {
    const t0 = new Date();
    const created = await createToken(store, as('member'), { name: 'ci', scopes: ['scan:write'] }, t0);
    const actor = await resolveToken(store, created.secret, t0);
    expect(actor).toMatchObject({
      kind: 'token',
      tokenId: created.id,
      name: 'ci',
      user: { email: 'member@example.org', role: 'member' },
      team: null,
      scopes: ['scan:write'],
    });
    const lastUsed = async () => (await store.repos.tokens.get(created.id))?.lastUsedAt;
    expect(await lastUsed()).toBe(t0.toISOString());
    await resolveToken(store, created.secret, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    await resolveToken(store, created.secret, later);
    expect(await lastUsed()).toBe(later.toISOString());
  });

  it('refuses unknown, malformed, revoked and expired tokens with distinct codes', async () => {
    expect(await codeOf(resolveToken(store, `ospo_${'a'.repeat(40)}`))).toBe('ERR_OSPO_TOKEN_INVALID');
    expect(await codeOf(resolveToken(store, 'not-a-token'))).toBe('ERR_OSPO_TOKEN_INVALID');
    const revoked = await createToken(store, as('viewer'), { name: 'old', scopes: ['read'] });
    const after = await revokeToken(store, as('viewer'), revoked.id);
    expect(after).toMatchObject({ state: 'revoked', revokedBy: 'user:viewer@example.org' });
    expect(await codeOf(resolveToken(store, revoked.secret))).toBe('ERR_OSPO_TOKEN_REVOKED');
    // revoking again changes nothing and is not audited twice
    await revokeToken(store, as('viewer'), revoked.id);
    const audit = await store.repos.audit.list({ limit: 50, targetType: 'api_token' });
    expect(audit.filter((a) => a.targetId === revoked.id).map((a) => a.action)).toEqual([
      'token.revoke',
      'token.create',
    ]);
    const past = new Date(Date.now() - 10 * DAY);
    const expired = await createToken(
      store,
      as('viewer'),
      { name: 'x', scopes: ['read'], expires: '1d' },
      past,
    );
    expect(await codeOf(resolveToken(store, expired.secret))).toBe('ERR_OSPO_TOKEN_EXPIRED');
  });

  it('refuses a token whose owner can no longer sign in', async () => {
    const who = await createUser(store, local, {
      email: 'leaver@example.org',
      name: 'Leaver',
      role: 'member',
      password: PASSWORD,
    });
    const token = await createToken(store, local, { name: 'ci', scopes: ['read'], user: who.email });
    expect((await resolveToken(store, token.secret)).user?.id).toBe(who.id);
    await sql`update users set disabled_at = now() where id = ${who.id}`.execute(store.database.db);
    expect(await codeOf(resolveToken(store, token.secret))).toBe('ERR_OSPO_TOKEN_INVALID');
  });

  it('keeps to one owner and the four scopes in the schema itself', async () => {
    const db = store.database.db;
    const team = await store.repos.teams.getByName('shop');
    const row = (values: Record<string, unknown>) => ({
      name: 'raw',
      prefix: 'ospo_raw',
      secret_hash: 'f'.repeat(64),
      scopes: ['read'],
      created_by: 'test',
      user_id: null,
      team_id: null,
      ...values,
    });
    const insert = (values: Record<string, unknown>) =>
      db
        .insertInto('api_tokens')
        .values(row(values) as never)
        .execute();
    await expect(insert({ user_id: users.admin!.id, team_id: team!.id })).rejects.toThrow();
    await expect(insert({})).rejects.toThrow();
    await expect(insert({ user_id: users.admin!.id, scopes: ['write'] })).rejects.toThrow();
    await expect(insert({ user_id: users.admin!.id, scopes: [] })).rejects.toThrow();
    await insert({ user_id: users.admin!.id });
    await expect(insert({ team_id: team!.id })).rejects.toThrow(); // the same secret hash again
  });

  it('lets any user manage their own tokens; team tokens need ospo or admin; others need admin', async () => {
    expect(
      await codeOf(createToken(store, as('member'), { name: 't', scopes: ['read'], team: 'shop' })),
    ).toBe('ERR_OSPO_FORBIDDEN');
    const team = await createToken(store, as('ospo'), {
      name: 'shop CI',
      scopes: ['scan:write'],
      team: 'shop',
    });
    expect(team.owner).toMatchObject({ kind: 'team', name: 'shop' });
    const teamActor = await resolveToken(store, team.secret);
    expect(teamActor).toMatchObject({ user: null, team: { name: 'shop' } });
    expect(
      await codeOf(
        createToken(store, as('member'), { name: 't', scopes: ['read'], user: 'viewer@example.org' }),
      ),
    ).toBe('ERR_OSPO_FORBIDDEN');
    const forViewer = await createToken(store, as('admin'), {
      name: 'for viewer',
      scopes: ['read'],
      user: 'viewer@example.org',
    });
    expect(forViewer.owner).toMatchObject({ kind: 'user', email: 'viewer@example.org' });
    // a member neither sees nor revokes the team's token or another user's
    const mine = await listTokens(store, as('member'), { limit: 100 });
    expect(mine.items.every((t) => t.owner.kind === 'user' && t.owner.id === users.member!.id)).toBe(true);
    expect(await codeOf(revokeToken(store, as('member'), team.id))).toBe('ERR_OSPO_NOT_FOUND');
    expect(await codeOf(revokeToken(store, as('member'), forViewer.id))).toBe('ERR_OSPO_NOT_FOUND');
    expect(await codeOf(listTokens(store, as('member'), { limit: 10, all: true }))).toBe(
      'ERR_OSPO_FORBIDDEN',
    );
    // ospo sees team tokens next to its own; the admin sees everyone's when asking for all
    const ospo = await listTokens(store, as('ospo'), { limit: 100 });
    expect(ospo.items.map((t) => t.id)).toContain(team.id);
    const all = await listTokens(store, as('admin'), { limit: 100, all: true });
    expect(all.items.map((t) => t.id)).toEqual(expect.arrayContaining([team.id, forViewer.id]));
    expect(JSON.stringify(all)).not.toMatch(/ospo_[0-9A-Za-z]{40}/);
    await revokeToken(store, as('ospo'), team.id);
    expect(await codeOf(resolveToken(store, team.secret))).toBe('ERR_OSPO_TOKEN_REVOKED');
    // the local operator must say whose token it is
    expect(await codeOf(createToken(store, local, { name: 'x', scopes: ['read'] }))).toBe(
      'ERR_OSPO_TOKEN_OWNER',
    );
  });

  it('limits expiry to a year, and never-expiring tokens to admins', async () => {
    const member = as('member');
    const make = (actor: Actor, expires: string) =>
      createToken(store, actor, { name: 'e', scopes: ['read'], expires });
    expect(await codeOf(make(member, 'never'))).toBe('ERR_OSPO_FORBIDDEN');
    expect(await codeOf(make(member, '400d'))).toBe('ERR_OSPO_FORBIDDEN');
    expect(await codeOf(make(member, '2020-01-01'))).toBe('ERR_OSPO_TOKEN_EXPIRY');
    expect(await codeOf(make(member, 'soon'))).toBe('ERR_OSPO_TOKEN_EXPIRY');
    expect(await codeOf(make(member, '0d'))).toBe('ERR_OSPO_TOKEN_EXPIRY');
    expect((await make(member, '365d')).state).toBe('active');
    const date = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    expect((await make(member, date)).expiresAt).toBe(
      new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString(),
    );
    expect((await make(as('admin'), 'never')).expiresAt).toBeNull();
    expect((await make(as('admin'), '1000d')).state).toBe('active');
    expect(await codeOf(createToken(store, member, { name: 'e', scopes: ['write'] }))).toBe(
      'ERR_OSPO_VALIDATION',
    );
    expect(await codeOf(createToken(store, member, { name: 'e', scopes: [] }))).toBe('ERR_OSPO_VALIDATION');
  });

  it('pages through tokens newest first, with revoked ones only when asked', async () => {
    const viewer = as('viewer');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createToken(store, viewer, { name: `page-${i}`, scopes: ['read'] })).id);
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct creation times, to the millisecond
    }
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTokens(store, viewer, { limit: 2, cursor, includeRevoked: true });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      times.push(...page.items.map((t) => t.createdAt));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen.slice(0, 5)).toEqual([...ids].reverse());
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toHaveLength(5);
    const active = await listTokens(store, viewer, { limit: 100 });
    expect(active.items.every((t) => t.state !== 'revoked')).toBe(true);
    expect(await codeOf(listTokens(store, viewer, { limit: 2, cursor: 'garbage' }))).toBe('ERR_OSPO_CURSOR');
  });
});
