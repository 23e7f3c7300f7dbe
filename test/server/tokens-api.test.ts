import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.js';
import { startJobs } from '../../src/jobs/worker.js';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { createTeam } from '../../src/services/teams.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let jobs: JobQueue;
let projectId: string;
/** Uploads run as jobs; waiting for them answers 201 with the saved scan. */
let scansPath: string;
const logged: string[] = [];

const sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
};

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  state: string;
  secret?: string;
}

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  jobs = await startJobs(store, {
    workers: { concurrency: 1 },
    handlers: {
      version: 'test',
      scanRoots: [],
      advisories: { cacheDir: path.join(os.tmpdir(), 'ospokit-no-osv') },
    },
    pollingIntervalSeconds: 0.5,
  });
  app = createApp({
    jobs,
    store,
    version: 'test',
    storeKind: 'pglite',
    webRoot: null,
    log: (line) => logged.push(line),
  });
  for (const role of ['admin', 'ospo', 'member', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  projectId = (await createProject(store, local, { name: 'shop' })).id;
  scansPath = `/api/v1/projects/${projectId}/scans?wait=true`;
  await createTeam(store, local, { name: 'platform' });
});
afterAll(async () => {
  await jobs?.stop({ graceMs: 0 });
  await dispose();
});

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

/** A token made through the API by a signed-in user; returns its secret. */
async function tokenOf(role: string, scopes: string[], extra: Record<string, unknown> = {}): Promise<Token> {
  const res = await (await as(role)).call('POST', '/api/v1/tokens', { name: `${role} ci`, scopes, ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Token;
}

/** A bare request with a bearer token: no cookie, no CSRF token. */
async function bearer(secret: string, method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as { code: string; status: number; detail: string; hint?: string };
  expect(body.status).toBe(res.status);
  return body;
}

describe('API tokens over HTTP', () => {
  it('creates a token with its secret once; lists never show a secret', async () => {
    const member = await as('member');
    const created = await member.call('POST', '/api/v1/tokens', { name: 'laptop', scopes: ['read'] });
    expect(created.status).toBe(201);
    const token = (await created.json()) as Token;
    expect(token.secret).toMatch(/^ospo_[0-9A-Za-z]{40}$/);
    expect(token).toMatchObject({ name: 'laptop', scopes: ['read'], state: 'active' });
    const list = await member.call('GET', '/api/v1/tokens');
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).toContain(token.id);
    expect(text).toContain(token.prefix);
    expect(text).not.toContain(token.secret);
    expect(text).not.toContain('secret');
  });

  it('refuses unknown fields, bad scopes and impossible expiries with 4xx problems', async () => {
    const member = await as('member');
    const unknown = await member.call('POST', '/api/v1/tokens', { name: 'x', scopes: ['read'], admin: true });
    expect((await problem(unknown)).code).toBe('ERR_OSPO_VALIDATION');
    expect(unknown.status).toBe(400);
    const scope = await member.call('POST', '/api/v1/tokens', { name: 'x', scopes: ['write'] });
    expect(scope.status).toBe(400);
    const never = await member.call('POST', '/api/v1/tokens', {
      name: 'x',
      scopes: ['read'],
      expires: 'never',
    });
    expect(never.status).toBe(403);
    const past = await member.call('POST', '/api/v1/tokens', {
      name: 'x',
      scopes: ['read'],
      expires: '2001-01-01',
    });
    expect(past.status).toBe(400);
    expect((await problem(past)).code).toBe('ERR_OSPO_TOKEN_EXPIRY');
    const team = await member.call('POST', '/api/v1/tokens', {
      name: 'x',
      scopes: ['read'],
      team: 'platform',
    });
    expect(team.status).toBe(403);
  });

  it('lets a read token GET but not POST a scan', async () => {
    const token = await tokenOf('member', ['read']);
    const projects = await bearer(token.secret!, 'GET', '/api/v1/projects');
    expect(projects.status).toBe(200);
    expect(((await projects.json()) as { items: { name: string }[] }).items.map((p) => p.name)).toContain(
      'shop',
    );
    expect((await bearer(token.secret!, 'GET', `/api/v1/projects/${projectId}/scans`)).status).toBe(200);
    const upload = await bearer(token.secret!, 'POST', scansPath, { sbom });
    expect(upload.status).toBe(403);
    const body = await problem(upload);
    expect(body.code).toBe('ERR_OSPO_FORBIDDEN');
    expect(body.detail).toContain('scopes (read)');
  });

  it('lets a scan:write token upload an SBOM without a CSRF token, and names it in the scan', async () => {
    const token = await tokenOf('member', ['scan:write']);
    const upload = await bearer(token.secret!, 'POST', scansPath, {
      sbom,
      name: 'bom.json',
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    expect(await upload.json()).toMatchObject({
      packageCount: 1,
      createdBy: 'token:member ci@member@example.com',
    });
    // with a session cookie riding along too, the token decides and no CSRF token is asked for
    const member = await as('member');
    member.csrf = null;
    const both = await member.call(
      'POST',
      scansPath,
      { sbom },
      {
        authorization: `Bearer ${token.secret}`,
      },
    );
    expect(both.status).toBe(201);
    // ...while the cookie alone still needs it
    expect((await member.call('POST', scansPath, { sbom })).status).toBe(403);
  });

  it('keeps a viewer’s admin-scope token to a viewer’s rights', async () => {
    const token = await tokenOf('viewer', ['admin']);
    expect((await bearer(token.secret!, 'GET', '/api/v1/projects')).status).toBe(200);
    expect((await bearer(token.secret!, 'POST', '/api/v1/projects', { name: 'sneaky' })).status).toBe(403);
    const upload = await bearer(token.secret!, 'POST', scansPath, { sbom });
    expect(upload.status).toBe(403);
    expect((await problem(upload)).detail).toContain("owner's role (viewer)");
  });

  it('answers expired, revoked and unknown tokens with 401 and their codes, even on reads', async () => {
    const member = (await store.repos.users.getByEmailWithSecret('member@example.com'))!;
    const longAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    const expired = await createToken(
      store,
      local,
      { name: 'old', scopes: ['read'], user: member.email, expires: '1d' },
      longAgo,
    );
    const res = await bearer(expired.secret, 'GET', '/api/v1/projects');
    expect(res.status).toBe(401);
    const body = await problem(res);
    expect(body.code).toBe('ERR_OSPO_TOKEN_EXPIRED');
    expect(body.hint).toContain('Create a new token');

    const token = await tokenOf('member', ['read']);
    const client = await as('member');
    expect((await client.call('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(204);
    const revoked = await bearer(token.secret!, 'GET', '/api/v1/projects');
    expect(revoked.status).toBe(401);
    expect((await problem(revoked)).code).toBe('ERR_OSPO_TOKEN_REVOKED');
    const listed = (await (await client.call('GET', '/api/v1/tokens?includeRevoked=true')).json()) as {
      items: Token[];
    };
    expect(listed.items.find((t) => t.id === token.id)?.state).toBe('revoked');

    for (const header of [`Bearer ospo_${'x'.repeat(40)}`, 'Bearer nonsense', 'Bearer', 'bearer   ']) {
      const bad = await app.request('/api/v1/projects', { headers: { authorization: header } });
      expect(bad.status, header).toBe(401);
      expect((await problem(bad)).code).toBe('ERR_OSPO_TOKEN_INVALID');
    }
    // a proxy's Basic credentials are not ours: the request is simply not signed in
    const basic = await app.request('/api/v1/projects', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect((await problem(basic)).code).toBe('ERR_OSPO_UNAUTHENTICATED');
    expect(
      (await app.request('/api/health', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).status,
    ).toBe(200);
    expect(logged.join('\n')).not.toMatch(/ospo_[0-9A-Za-z]{10}/);
  });

  it('does not let tokens manage tokens, nor pose as a session', async () => {
    const token = await tokenOf('admin', ['admin']);
    const mint = await bearer(token.secret!, 'POST', '/api/v1/tokens', {
      name: 'x',
      scopes: ['admin'],
      expires: 'never',
    });
    expect(mint.status).toBe(403);
    expect((await bearer(token.secret!, 'GET', '/api/v1/tokens')).status).toBe(403);
    expect((await bearer(token.secret!, 'DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(403);
    // everything else the admin may do, it may: here, create a user
    const user = await bearer(token.secret!, 'POST', '/api/v1/users', {
      email: 'bot-made@example.com',
      name: 'Made by a token',
      password: PASSWORD,
    });
    expect(user.status).toBe(201);
    const session = await bearer(token.secret!, 'GET', '/api/v1/auth/session');
    expect(session.status).toBe(400);
    expect((await problem(session)).code).toBe('ERR_OSPO_NOT_A_SESSION');
  });

  it('shows admins every token with all=true, and team tokens to those who manage them', async () => {
    const ospo = await as('ospo');
    const created = await ospo.call('POST', '/api/v1/tokens', {
      name: 'platform CI',
      scopes: ['scan:write'],
      team: 'platform',
      expires: '180d',
    });
    expect(created.status).toBe(201);
    const team = (await created.json()) as Token & { owner: { kind: string; name: string } };
    expect(team.owner).toMatchObject({ kind: 'team', name: 'platform' });
    const upload = await bearer(team.secret!, 'POST', scansPath, { sbom });
    expect(upload.status).toBe(201);
    expect(await upload.json()).toMatchObject({ createdBy: 'token:platform CI@team:platform' });

    const member = await as('member');
    expect((await member.call('GET', '/api/v1/tokens?all=true')).status).toBe(403);
    const mine = (await (await member.call('GET', '/api/v1/tokens')).json()) as { items: Token[] };
    expect(mine.items.map((t) => t.id)).not.toContain(team.id);
    expect((await member.call('DELETE', `/api/v1/tokens/${team.id}`)).status).toBe(404);
    const admin = await as('admin');
    const all = (await (await admin.call('GET', '/api/v1/tokens?all=true&includeRevoked=true')).json()) as {
      items: Token[];
    };
    expect(all.items.length).toBeGreaterThan(mine.items.length);
    expect(all.items.map((t) => t.id)).toContain(team.id);
    const paged = (await (await admin.call('GET', '/api/v1/tokens?all=true&limit=2')).json()) as {
      items: Token[];
      next: string | null;
    };
    expect(paged.items).toHaveLength(2);
    const rest = await admin.call('GET', `/api/v1/tokens?all=true&limit=2&cursor=${paged.next}`);
    const restIds = ((await rest.json()) as { items: Token[] }).items.map((t) => t.id);
    expect(restIds.some((id) => paged.items.some((t) => t.id === id))).toBe(false);
    expect((await ospo.call('DELETE', `/api/v1/tokens/${team.id}`)).status).toBe(204);
    expect((await admin.call('DELETE', '/api/v1/tokens/not-a-uuid')).status).toBe(400);
  });

  it('lists and adds team members', async () => {
    const admin = await as('admin');
    const added = await admin.call('POST', '/api/v1/teams/platform/members', { user: 'member@example.com' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ email: 'member@example.com' });
    expect(
      (await admin.call('POST', '/api/v1/teams/platform/members', { user: 'member@example.com' })).status,
    ).toBe(201);
    const members = (await (await admin.call('GET', '/api/v1/teams/platform/members')).json()) as {
      items: { email: string }[];
    };
    expect(members.items.map((m) => m.email)).toEqual(['member@example.com']);
    expect(
      (await admin.call('POST', '/api/v1/teams/platform/members', { user: 'nobody@example.com' })).status,
    ).toBe(404);
    expect(
      (await admin.call('POST', '/api/v1/teams/platform/members', { user: 'x', role: 'lead' })).status,
    ).toBe(400);
    expect((await admin.call('GET', '/api/v1/teams/nowhere/members')).status).toBe(404);
    const member = await as('member');
    expect(
      (await member.call('POST', '/api/v1/teams/platform/members', { user: 'viewer@example.com' })).status,
    ).toBe(403);
  });

  it('describes the token routes and the bearer scheme in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-ospo-access'?: string; security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
    };
    expect(doc.paths['/api/v1/tokens']?.get?.['x-ospo-access']).toBe('tokens:own');
    expect(doc.paths['/api/v1/tokens']?.post?.['x-ospo-access']).toBe('tokens:own');
    expect(doc.paths['/api/v1/tokens/{id}']?.delete?.['x-ospo-access']).toBe('tokens:own');
    expect(doc.paths['/api/v1/teams/{id}/members']?.post?.['x-ospo-access']).toBe('teams:write');
    expect(doc.components.securitySchemes.token).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
