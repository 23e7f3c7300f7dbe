import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { redactSecrets } from '../../src/server/problem.js';
import type { Store } from '../../src/services/ports.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

/**
 * What api.test.ts does not already pin down about error answers: an internal failure says nothing of
 * itself, the log keeps no secrets, upload limits, and security headers on errors and the docs page.
 */

const PASSWORD = 'a long enough password';
const SECRET = 'hunter2-db-password';
let store: OpenStore;
let dispose: () => Promise<void>;
const logged: string[] = [];

/** The real store, except that listing projects fails as a lost database connection would. */
function failingStore(real: Store): Store {
  return {
    repos: {
      ...real.repos,
      projects: {
        ...real.repos.projects,
        list: async () => {
          throw new Error(`connect ECONNREFUSED postgres://ospo:${SECRET}@db.internal:5432/ospo`);
        },
      },
    },
    transaction: (fn) => real.transaction(fn),
  };
}

async function signedInAdmin(app: ReturnType<typeof createApp>): Promise<Client> {
  const client = new Client(app);
  expect((await client.login('admin@example.com', PASSWORD)).status).toBe(200);
  return client;
}

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frame
  const body = JSON.parse(text) as { code: string; status: number; detail: string; hint?: string };
  expect(body.status).toBe(res.status);
  expect(body.code).toMatch(/^ERR_OSPO_[A-Z_]+$/);
  return { body, text };
}

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  await createUser(
    store,
    { kind: 'local', name: 'test' },
    {
      email: 'admin@example.com',
      name: 'Admin',
      role: 'admin',
      password: PASSWORD,
    },
  );
});
afterAll(async () => {
  await dispose();
});

describe('error answers', () => {
  it('answers an internal failure with a bare 500 problem, and logs it without the password', async () => {
    const app = createApp({
      store: failingStore(store),
      version: 'test',
      storeKind: 'pglite',
      webRoot: null,
      log: (line) => logged.push(line),
    });
    const admin = await signedInAdmin(app);
    const res = await admin.call('GET', '/api/v1/projects');
    expect(res.status).toBe(500);
    const { body, text } = await problem(res);
    expect(body.code).toBe('ERR_OSPO_INTERNAL');
    expect(body.detail).toBe('Something went wrong on the server; it has been logged.');
    expect(body.hint).toBeUndefined();
    for (const leak of [SECRET, 'ECONNREFUSED', 'db.internal', 'postgres://'])
      expect(text).not.toContain(leak);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const line = logged.find((l) => l.includes('GET /api/v1/projects'));
    expect(line).toContain('ECONNREFUSED'); // the operator learns what failed…
    expect(line).toContain('postgres://ospo:***@db.internal');
    expect(line).not.toContain(SECRET); // …but not the password
  });

  it('keeps passwords in URLs and bearer tokens out of logged text', () => {
    expect(redactSecrets('postgres://u:p%40ss@h/db and https://x.org/a:b@c')).toBe(
      'postgres://u:***@h/db and https://x.org/a:b@c',
    );
    expect(redactSecrets('Authorization: Bearer ospo_abc.DEF-123')).toBe('Authorization: Bearer ***');
  });

  it('answers bodies over the limits with 413 problems, uploads and small bodies alike', async () => {
    const app = createApp({
      store,
      version: 'test',
      storeKind: 'pglite',
      webRoot: null,
      maxBodyBytes: 2_000,
      maxUploadBytes: 10_000,
    });
    const admin = await signedInAdmin(app);
    const small = await admin.call('POST', '/api/v1/projects', { name: 'x', description: 'y'.repeat(3_000) });
    expect(small.status).toBe(413);
    expect((await problem(small)).body.code).toBe('ERR_OSPO_BODY_TOO_LARGE');
    // an SBOM under the upload limit passes the size check (and fails later: no such project)
    const upload = await admin.call('POST', '/api/v1/projects/none/scans', { sbom: 'z'.repeat(5_000) });
    expect(upload.status).not.toBe(413);
    const tooBig = await admin.call('POST', '/api/v1/projects/none/scans', { sbom: 'z'.repeat(20_000) });
    expect(tooBig.status).toBe(413);
    expect((await problem(tooBig)).body.code).toBe('ERR_OSPO_BODY_TOO_LARGE');
  });

  it('answers a body of the wrong type, and unknown methods on API paths, with problems', async () => {
    const app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
    const admin = await signedInAdmin(app);
    const text = await admin.call('POST', '/api/v1/projects', 'name=x', { 'content-type': 'text/plain' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    await problem(text);
    const patch = await admin.call('PATCH', '/api/v1/projects');
    expect(patch.status).toBe(404);
    expect((await problem(patch)).body.code).toBe('ERR_OSPO_ROUTE_NOT_FOUND');
  });

  it('sends the security headers with the API reference page too', async () => {
    const app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
