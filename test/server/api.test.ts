import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/schemas.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let webRoot: string;

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as {
    code: string;
    status: number;
    detail: string;
    hint?: string;
    errors?: unknown[];
  };
  expect(body.status).toBe(res.status);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  return body;
}

async function as(role: Role): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-web-'));
  fs.writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><title>ospokit</title><div id="root"></div>',
  );
  app = createApp({ store, version: '0.0.0-test', storeKind: 'pglite', webRoot });
  const local = { kind: 'local', name: 'test' } as const;
  for (const role of ['admin', 'ospo', 'legal', 'security', 'member', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
});
afterAll(async () => {
  await dispose();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

describe('the API surface', () => {
  it('answers health without sign-in, with security headers', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.0.0-test', store: 'pglite' });
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { 'x-ospo-access'?: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/v1/projects', '/api/v1/projects/{id}']),
    );
    expect(doc.components.schemas).toHaveProperty('Project');
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op['x-ospo-access'], `${method} ${p} declares who may call it`).toBeTruthy();
      }
    }
  });

  it('refuses every non-public route to an anonymous caller with 401 problem+json', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-ospo-access': string }>>;
    };
    let checked = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op['x-ospo-access'] === 'public') continue;
        const url = p.replace('{id}', '00000000-0000-4000-8000-000000000000');
        const res = await app.request(url, {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json' },
          ...(method === 'get' ? {} : { body: '{}' }),
        });
        expect(res.status, `${method} ${p}`).toBe(401);
        expect((await problem(res)).code).toBe('ERR_OSPO_UNAUTHENTICATED');
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('answers unknown API routes and malformed JSON with problem+json, never a stack', async () => {
    const missing = await app.request('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect((await problem(missing)).code).toBe('ERR_OSPO_ROUTE_NOT_FOUND');

    const admin = await as('admin');
    const bad = await admin.call('POST', '/api/v1/projects', '{"name": ');
    expect(bad.status).toBe(400);
    expect((await problem(bad)).code).toBe('ERR_OSPO_BAD_REQUEST');

    const invalid = await admin.call('POST', '/api/v1/projects', { name: 'no spaces allowed' });
    expect(invalid.status).toBe(400);
    const body = await problem(invalid);
    expect(body.code).toBe('ERR_OSPO_VALIDATION');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'name' })]);

    const big = await admin.call('POST', '/api/v1/projects', {
      name: 'x',
      description: 'y'.repeat(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect((await problem(big)).code).toBe('ERR_OSPO_BODY_TOO_LARGE');
  });
});

describe('who may do what', () => {
  const table: [Role, number][] = [
    ['admin', 201],
    ['ospo', 201],
    ['member', 201],
    ['legal', 403],
    ['security', 403],
    ['viewer', 403],
  ];
  it.each(table)('%s creating a project gets %i, and can list projects', async (role, status) => {
    const client = await as(role);
    const res = await client.call('POST', '/api/v1/projects', { name: `by-${role}` });
    expect(res.status).toBe(status);
    if (status === 403) expect((await problem(res)).code).toBe('ERR_OSPO_FORBIDDEN');
    const list = await client.call('GET', '/api/v1/projects?limit=500');
    expect(list.status).toBe(200);
    const names = ((await list.json()) as { items: { name: string }[] }).items.map((p) => p.name);
    expect(names.includes(`by-${role}`)).toBe(status === 201);
  });

  it('lets only admins create users and only admin/ospo/legal/security read the audit log', async () => {
    for (const role of ['admin', 'ospo', 'legal', 'security', 'member', 'viewer'] as const) {
      const client = await as(role);
      const user = { email: `new-${role}@example.com`, name: 'New', password: PASSWORD };
      expect((await client.call('POST', '/api/v1/users', user)).status, role).toBe(
        role === 'admin' ? 201 : 403,
      );
      const audit = await client.call('GET', '/api/v1/audit');
      expect(audit.status, role).toBe(['member', 'viewer'].includes(role) ? 403 : 200);
    }
  });

  it('requires the CSRF token for changes made with the session cookie', async () => {
    const client = await as('admin');
    const res = await client.call(
      'POST',
      '/api/v1/projects',
      { name: 'csrf-less' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe('ERR_OSPO_CSRF');
    expect(await store.repos.projects.getByName('csrf-less')).toBeNull();
  });

  it('ends the session on logout: the old cookie no longer works', async () => {
    const client = await as('viewer');
    expect((await client.call('GET', '/api/v1/auth/session')).status).toBe(200);
    const stolen = new Client(app);
    Object.assign(stolen, client);
    expect((await client.call('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect(client.hasCookie).toBe(false);
    expect((await stolen.call('GET', '/api/v1/auth/session')).status).toBe(401);
  });

  it('rate-limits failed logins per account', async () => {
    const client = new Client(app);
    for (let i = 0; i < 10; i++)
      expect((await client.login('member@example.com', 'wrong password')).status).toBe(401);
    const limited = await client.login('member@example.com', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(limited)).code).toBe('ERR_OSPO_RATE_LIMITED');
  });
});

describe('first run and the web app', () => {
  it('refuses setup once users exist', async () => {
    expect(await (await app.request('/api/v1/setup')).json()).toEqual({ needsSetup: false });
    const res = await new Client(app).call('POST', '/api/v1/setup', {
      email: 'x@example.com',
      name: 'X',
      password: PASSWORD,
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe('ERR_OSPO_SETUP_DONE');
  });

  it('serves index.html for app paths and 404 for missing files', async () => {
    const page = await app.request('/projects');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    expect((await app.request('/../../etc/passwd')).status).not.toBe(500);
  });
});
