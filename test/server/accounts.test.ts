import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

/** Managing accounts: roles, disabling, the last admin, team members and renames, moving projects. */

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
  for (const [name, role] of [
    ['ada', 'admin'],
    ['olu', 'ospo'],
    ['mia', 'member'],
    ['vic', 'viewer'],
  ] as const) {
    const user = await createUser(store, local, {
      email: `${name}@example.com`,
      name,
      role,
      password: PASSWORD,
    });
    ids[name] = user.id;
  }
  ids.red = (await createTeam(store, local, { name: 'red' })).id;
  ids.blue = (await createTeam(store, local, { name: 'blue' })).id;
  ids.green = (await createTeam(store, local, { name: 'green' })).id;
  await addTeamMember(store, local, 'red', { user: 'mia@example.com' });
  await addTeamMember(store, local, 'green', { user: 'mia@example.com' });
  await addTeamMember(store, local, 'red', { user: 'vic@example.com' });
  await createProject(store, local, { name: 'red-app', ownerTeamId: ids.red });
  await createProject(store, local, { name: 'blue-app', ownerTeamId: ids.blue });
});
afterAll(() => dispose());

async function as(name: string): Promise<Client> {
  const client = new Client(app);
  const res = await client.login(`${name}@example.com`, PASSWORD);
  expect(res.status, `sign-in as ${name}`).toBe(200);
  return client;
}

async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function audit(admin: Client, action: string) {
  const res = await admin.call('GET', `/api/v1/audit?action=${encodeURIComponent(action)}`);
  expect(res.status).toBe(200);
  return (await body<{ items: { actor: string; targetId: string; details: Record<string, unknown> }[] }>(res))
    .items;
}

describe('PATCH /api/v1/users/{id}', () => {
  it("lets an admin change a user's role and name, by id or email, audited", async () => {
    const admin = await as('ada');
    const res = await admin.call('PATCH', '/api/v1/users/vic@example.com', { role: 'legal', name: 'Vic L.' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      id: ids.vic,
      role: 'legal',
      name: 'Vic L.',
      disabled: false,
      disabledAt: null,
    });
    const back = await admin.call('PATCH', `/api/v1/users/${ids.vic}`, { role: 'viewer' });
    expect((await body(back)).role).toBe('viewer');
    const roles = await audit(admin, 'user.role');
    expect(roles.map((e) => e.details)).toEqual([
      { email: 'vic@example.com', from: 'legal', to: 'viewer' },
      { email: 'vic@example.com', from: 'viewer', to: 'legal' },
    ]);
    expect(roles[0]?.actor).toBe('user:ada@example.com');
    expect((await audit(admin, 'user.rename'))[0]?.details).toEqual({
      email: 'vic@example.com',
      from: 'vic',
      to: 'Vic L.',
    });
  });

  it('takes effect on the next request of a signed-in user', async () => {
    const vic = await as('vic');
    expect((await vic.call('GET', '/api/v1/users')).status).toBe(403);
    const admin = await as('ada');
    await admin.call('PATCH', '/api/v1/users/vic@example.com', { role: 'security' });
    expect((await vic.call('GET', '/api/v1/users')).status).toBe(200);
    await admin.call('PATCH', '/api/v1/users/vic@example.com', { role: 'viewer' });
    expect((await vic.call('GET', '/api/v1/users')).status).toBe(403);
  });

  it('refuses other roles, unknown users and empty or unknown changes', async () => {
    const ospo = await as('olu');
    const refused = await ospo.call('PATCH', '/api/v1/users/vic@example.com', { role: 'admin' });
    expect(refused.status).toBe(403);
    const admin = await as('ada');
    const missing = await admin.call('PATCH', '/api/v1/users/nobody@example.com', { role: 'viewer' });
    expect(missing.status).toBe(404);
    expect((await body(missing)).code).toBe('ERR_OSPO_NOT_FOUND');
    for (const bad of [{}, { role: 'owner' }, { password: 'x' }, { disabled: 'yes' }]) {
      const res = await admin.call('PATCH', '/api/v1/users/vic@example.com', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await body(res)).code).toBe('ERR_OSPO_VALIDATION');
    }
  });

  it('disabling ends the sessions, revokes the tokens and refuses sign-in with its own code', async () => {
    const mia = await as('mia');
    const created = await mia.call('POST', '/api/v1/tokens', { name: 'mia ci', scopes: ['read'] });
    expect(created.status).toBe(201);
    const { secret } = await body<{ secret: string }>(created);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await app.request('/api/v1/projects', { headers: bearer })).status).toBe(200);

    const admin = await as('ada');
    const res = await admin.call('PATCH', '/api/v1/users/mia@example.com', { disabled: true });
    expect(res.status).toBe(200);
    const account = await body(res);
    expect(account).toMatchObject({ disabled: true, role: 'member' });
    expect(Date.parse(String(account.disabledAt))).not.toBeNaN();

    expect((await mia.call('GET', '/api/v1/auth/session')).status).toBe(401);
    const tokenUse = await app.request('/api/v1/projects', { headers: bearer });
    expect(tokenUse.status).toBe(401);
    expect((await body(tokenUse)).code).toBe('ERR_OSPO_TOKEN_REVOKED');
    const login = await new Client(app).login('mia@example.com', PASSWORD);
    expect(login.status).toBe(401);
    expect(await body(login)).toMatchObject({ code: 'ERR_OSPO_USER_DISABLED', hint: expect.any(String) });
    // a wrong password says nothing of the account
    const wrong = await new Client(app).login('mia@example.com', 'not the password at all');
    expect((await body(wrong)).code).toBe('ERR_OSPO_LOGIN_FAILED');

    const listed = await body<{ items: { email: string; disabled: boolean }[] }>(
      await admin.call('GET', '/api/v1/users'),
    );
    expect(listed.items.find((u) => u.email === 'mia@example.com')?.disabled).toBe(true);
    const disabled = await audit(admin, 'user.disable');
    expect(disabled[0]?.details).toEqual({ email: 'mia@example.com', sessionsEnded: 1, tokensRevoked: 1 });
    expect((await audit(admin, 'token.revoke'))[0]?.details).toMatchObject({ reason: 'user disabled' });
    // disabling again changes nothing
    expect((await admin.call('PATCH', '/api/v1/users/mia@example.com', { disabled: true })).status).toBe(200);
    expect(await audit(admin, 'user.disable')).toHaveLength(1);
  });

  it('enabling lets the user sign in again; revoked tokens stay revoked', async () => {
    const admin = await as('ada');
    const res = await admin.call('PATCH', '/api/v1/users/mia@example.com', { disabled: false });
    expect(await body(res)).toMatchObject({ disabled: false, disabledAt: null });
    const mia = await as('mia');
    const tokens = await body<{ items: unknown[] }>(await mia.call('GET', '/api/v1/tokens'));
    expect(tokens.items).toEqual([]);
    expect((await audit(admin, 'user.enable'))[0]?.details).toEqual({ email: 'mia@example.com' });
  });

  it('refuses to demote or disable the last active admin', async () => {
    const admin = await as('ada');
    for (const change of [{ role: 'ospo' }, { disabled: true }]) {
      const res = await admin.call('PATCH', '/api/v1/users/ada@example.com', change);
      expect(res.status, JSON.stringify(change)).toBe(409);
      const problem = await body(res);
      expect(problem).toMatchObject({ code: 'ERR_OSPO_LAST_ADMIN', detail: 'you are the last active admin' });
      expect(problem.hint).toContain('another user an admin');
    }
    // a disabled admin does not count
    await admin.call('PATCH', '/api/v1/users/olu@example.com', { role: 'admin', disabled: true });
    expect((await admin.call('PATCH', '/api/v1/users/ada@example.com', { role: 'ospo' })).status).toBe(409);
    // with a second active admin, the first may step down
    await admin.call('PATCH', '/api/v1/users/olu@example.com', { disabled: false });
    const stepDown = await admin.call('PATCH', '/api/v1/users/ada@example.com', { role: 'ospo' });
    expect(stepDown.status).toBe(200);
    expect((await admin.call('GET', '/api/v1/users')).status).toBe(200); // ospo still reads users
    const olu = await as('olu');
    const refused = await olu.call('PATCH', `/api/v1/users/${ids.olu}`, { disabled: true });
    expect((await body(refused)).code).toBe('ERR_OSPO_LAST_ADMIN');
    // put things back for the tests below
    expect((await olu.call('PATCH', '/api/v1/users/ada@example.com', { role: 'admin' })).status).toBe(200);
    expect((await olu.call('PATCH', '/api/v1/users/olu@example.com', { role: 'ospo' })).status).toBe(200);
  });
});

describe('team members and names', () => {
  it('removes a member (ospo and admin), audited; a second time is 404', async () => {
    const ospo = await as('olu');
    const members = async () =>
      (
        await body<{ items: { email: string }[] }>(await ospo.call('GET', '/api/v1/teams/red/members'))
      ).items.map((m) => m.email);
    expect(await members()).toEqual(['mia@example.com', 'vic@example.com']);
    const res = await ospo.call('DELETE', '/api/v1/teams/red/members/vic@example.com');
    expect(res.status).toBe(204);
    expect(await members()).toEqual(['mia@example.com']);
    const again = await ospo.call('DELETE', `/api/v1/teams/red/members/${ids.vic}`);
    expect(again.status).toBe(404);
    expect((await body(again)).detail).toBe('vic@example.com is not a member of team red');
    expect((await ospo.call('DELETE', '/api/v1/teams/nope/members/vic@example.com')).status).toBe(404);
    const admin = await as('ada');
    expect((await audit(admin, 'team.member.remove'))[0]?.details).toEqual({
      team: 'red',
      user: 'vic@example.com',
    });
    // the viewer no longer sees red's project
    const vic = await as('vic');
    expect((await body(await vic.call('GET', '/api/v1/projects/red-app'))).code).toBe(
      'ERR_OSPO_PROJECT_FORBIDDEN',
    );
    await addTeamMember(store, local, 'red', { user: 'vic@example.com' });
  });

  it('refuses members and viewers', async () => {
    for (const who of ['mia', 'vic']) {
      const client = await as(who);
      expect((await client.call('DELETE', '/api/v1/teams/red/members/mia@example.com')).status).toBe(403);
      expect((await client.call('PATCH', '/api/v1/teams/red', { title: 'x' })).status).toBe(403);
    }
  });

  it('renames a team and changes its title, refusing a taken name', async () => {
    const ospo = await as('olu');
    const res = await ospo.call('PATCH', '/api/v1/teams/green', {
      name: 'Green-Ops',
      title: 'Green operations',
    });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ id: ids.green, name: 'Green-Ops', title: 'Green operations' });
    // the same name in another case is not taken by itself
    const recase = await ospo.call('PATCH', `/api/v1/teams/${ids.green}`, { name: 'green-ops', title: null });
    expect(await body(recase)).toMatchObject({ name: 'green-ops', title: null });
    const taken = await ospo.call('PATCH', '/api/v1/teams/green-ops', { name: 'RED' });
    expect(taken.status).toBe(409);
    expect((await body(taken)).code).toBe('ERR_OSPO_CONFLICT');
    expect((await ospo.call('PATCH', '/api/v1/teams/green-ops', { name: 'no spaces allowed' })).status).toBe(
      400,
    );
    expect((await ospo.call('PATCH', '/api/v1/teams/green-ops', {})).status).toBe(400);
    const admin = await as('ada');
    expect((await audit(admin, 'team.update')).at(-1)?.details).toEqual({
      from: { name: 'green', title: null },
      to: { name: 'Green-Ops', title: 'Green operations' },
    });
  });
});

describe('PATCH /api/v1/projects/{id}: moving a project between teams', () => {
  it('lets OSPO move any project to any team or to none, audited', async () => {
    const ospo = await as('olu');
    const res = await ospo.call('PATCH', '/api/v1/projects/blue-app', { ownerTeamId: ids.red });
    expect(res.status).toBe(200);
    expect((await body(res)).ownerTeamId).toBe(ids.red);
    const vic = await as('vic');
    expect((await vic.call('GET', '/api/v1/projects/blue-app')).status).toBe(200);
    const back = await ospo.call('PATCH', '/api/v1/projects/blue-app', { ownerTeamId: ids.blue });
    expect((await body(back)).ownerTeamId).toBe(ids.blue);
    expect((await vic.call('GET', '/api/v1/projects/blue-app')).status).toBe(403);
    const admin = await as('ada');
    expect((await audit(admin, 'project.team'))[0]?.details).toEqual({
      name: 'blue-app',
      from: { id: ids.red, name: 'red' },
      to: { id: ids.blue, name: 'blue' },
    });
  });

  it("lets a member move their team's project only to another of their teams", async () => {
    const mia = await as('mia');
    const toBlue = await mia.call('PATCH', '/api/v1/projects/red-app', { ownerTeamId: ids.blue });
    expect(toBlue.status).toBe(403);
    expect((await body(toBlue)).code).toBe('ERR_OSPO_FORBIDDEN');
    expect((await mia.call('PATCH', '/api/v1/projects/red-app', { ownerTeamId: null })).status).toBe(403);
    const other = await mia.call('PATCH', '/api/v1/projects/blue-app', { ownerTeamId: ids.red });
    expect((await body(other)).code).toBe('ERR_OSPO_PROJECT_FORBIDDEN');
    const toGreen = await mia.call('PATCH', '/api/v1/projects/red-app', { ownerTeamId: ids.green });
    expect(toGreen.status).toBe(200);
    expect((await body(toGreen)).ownerTeamId).toBe(ids.green);
    const vic = await as('vic');
    expect((await vic.call('GET', '/api/v1/projects/red-app')).status).toBe(403);
    expect((await mia.call('PATCH', '/api/v1/projects/red-app', { ownerTeamId: ids.red })).status).toBe(200);
  });

  it('refuses viewers, unknown teams and unknown fields', async () => {
    const vic = await as('vic');
    expect((await vic.call('PATCH', '/api/v1/projects/red-app', { ownerTeamId: ids.red })).status).toBe(403);
    const admin = await as('ada');
    const unknown = await admin.call('PATCH', '/api/v1/projects/red-app', {
      ownerTeamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect((await admin.call('PATCH', '/api/v1/projects/red-app', { name: 'renamed' })).status).toBe(400);
    expect((await admin.call('PATCH', '/api/v1/projects/nope', { ownerTeamId: null })).status).toBe(404);
  });
});
