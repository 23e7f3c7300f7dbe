import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roles, type User } from '../../src/core/schemas.js';
import { createApp } from '../../src/server/app.js';
import { type Actor, can, type Permission, permissions } from '../../src/services/actor.js';
import { createWaiver } from '../../src/services/compliance/records.js';
import { sbomFormats } from '../../src/services/inventory/plugins.js';
import { readSbom, sbomToReport } from '../../src/services/inventory/sbom.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

/**
 * Every route of the app, called anonymously and as every role, checked against the access it declares
 * in the OpenAPI document. The routes come from the document itself, so a new route is covered the
 * day it is added; the test fails when a route is served without being declared. The app runs no job
 * queue, so routes that start jobs answer 503 once past their guard: nothing runs in the background.
 */

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Changes anyone may ask for without a session: first-run setup, signing in, single sign-on's return. */
const PUBLIC_CHANGES = [
  /^post \/api\/v1\/setup$/,
  /^post \/api\/v1\/auth\/login$/,
  /^post \/api\/v1\/auth\/oidc\/.*callback$/,
];
/** Served under /api/ but not API operations: the document itself and the reference page's stylesheet. */
const UNDOCUMENTED = new Set(['get /api/openapi.json', 'get /api/docs/style.css']);
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  method: string;
  path: string;
  access: string | undefined;
  security: unknown;
  parameters: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
}

let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let dir: string;
let operations: Operation[];
/** Values for path parameters, by the path segment before them (`/projects/{id}` takes a project). */
const ids: Record<string, string> = {};
const clients = new Map<Role, Client>();
/** What the server logs: the cause of an internal error, for the failure message. */
const serverLog: string[] = [];

const component = (name: string, version: string) => ({
  type: 'library',
  name,
  version,
  purl: `pkg:npm/${name}@${version}`,
  'bom-ref': name,
});
const sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { type: 'application', name: 'seeded', 'bom-ref': 'app' } },
  components: [component('lodash', '4.17.20')],
  dependencies: [{ ref: 'app', dependsOn: ['lodash'] }],
};
const advisory = {
  schema_version: '1.6.0',
  id: 'GHSA-seed-0001',
  modified: '2026-01-01T00:00:00Z',
  aliases: ['CVE-2026-9001'],
  summary: 'lodash does a bad thing',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
    },
  ],
};

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  app = createApp({
    store,
    version: '0.0.0-test',
    storeKind: 'pglite',
    webRoot: null,
    log: (line) => serverLog.push(line),
  });
  for (const role of roles) {
    const user = await createUser(store, local, {
      email: `${role}@example.com`,
      name: role,
      role,
      password: PASSWORD,
    });
    ids.users ??= user.id;
  }
  ids.teams = (await createTeam(store, local, { name: 'platform' })).id;
  ids.projects = (await createProject(store, local, { name: 'seeded' })).name;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-route-access-'));
  fs.writeFileSync(path.join(dir, 'advisory.json'), JSON.stringify(advisory));
  await importAdvisories(store, local, [dir]);
  ids.advisories = advisory.id;
  ids.waivers = (
    await createWaiver(store, local, {
      package: 'left-pad',
      reason: 'seeded',
      approver: 'legal@example.com',
      expires: '2999-01-01',
    })
  ).id;
  for (const role of roles) clients.set(role, await signedIn(role));
  // straight through the service: over HTTP a scan is a job, and this app runs no job queue
  const report = sbomToReport(readSbom(sbomFormats, JSON.stringify(sbom), 'bom.json'), 'bom.json');
  const vcs = { commit: null, branch: null };
  const scan = await saveScan(store, local, 'seeded', { report, source: 'sbom', vcs, toolVersion: 'test' });
  ids.scans = scan.id;
  operations = await documentedOperations();
});

afterAll(async () => {
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the routes and their declared access', () => {
  it('finds the routes in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.map((op) => `${op.method} ${op.path}`)).toContain('get /api/v1/audit');
  });

  it('serves no API route that the OpenAPI document does not describe', () => {
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    const undeclared = [...served].filter((route) => !documented.has(route) && !UNDOCUMENTED.has(route));
    expect(undeclared, 'routes added without defineRoute').toEqual([]);
  });

  it('declares a known access rule on every operation, and a security requirement unless public', () => {
    const known = new Set<string>(['public', 'signed-in', ...permissions]);
    const wrong = operations.filter(
      (op) => !op.access || !known.has(op.access) || (op.access !== 'public') !== Boolean(op.security),
    );
    expect(wrong.map((op) => `${op.method} ${op.path}: ${op.access}`)).toEqual([]);
  });

  it('leaves no change open without sign-in except setup, login and single sign-on callbacks', () => {
    const open = operations
      .filter((op) => op.method !== 'get' && op.access === 'public')
      .map((op) => `${op.method} ${op.path}`);
    expect(open.filter((route) => !PUBLIC_CHANGES.some((allowed) => allowed.test(route)))).toEqual([]);
    expect(open).toEqual(expect.arrayContaining(['post /api/v1/setup', 'post /api/v1/auth/login']));
  });
});

describe.each(['anonymous', ...roles] as const)('every route called as %s', (who) => {
  it('answers as the declared access says, with problem+json for every error', async () => {
    const mismatches: string[] = [];
    for (const op of operations) {
      const res = await callAs(who, op);
      const route = `${op.method.toUpperCase()} ${op.path} → ${res.status}`;
      const expected = expectation(who, op.access);
      if (expected === 401 && res.status !== 401) mismatches.push(`${route}, expected 401`);
      if (expected === 403 && res.status !== 403) mismatches.push(`${route}, expected 403`);
      if (expected === 'allowed' && (res.status === 401 || res.status === 403)) {
        mismatches.push(`${route}, expected neither 401 nor 403 (${await codeOf(res)})`);
      }
      // 503 is a coded answer (no job queue in this app); 500 is a bug
      if (res.status === 500) mismatches.push(`${route}: an internal error: ${serverLog.at(-1)}`);
      if (res.status >= 400) {
        const problem = await problemOf(res);
        if (!problem) mismatches.push(`${route}: not application/problem+json with a code`);
        else if (expected === 403 && problem.code !== 'ERR_OSPO_FORBIDDEN') {
          mismatches.push(`${route}: code ${problem.code}, expected ERR_OSPO_FORBIDDEN`);
        } else if (expected === 401 && problem.code !== 'ERR_OSPO_UNAUTHENTICATED') {
          mismatches.push(`${route}: code ${problem.code}, expected ERR_OSPO_UNAUTHENTICATED`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

/** 401 without a session on guarded routes; 403 exactly when the role lacks the route's permission. */
function expectation(who: Role | 'anonymous', access: string | undefined): 401 | 403 | 'allowed' {
  if (access === 'public') return 'allowed';
  if (who === 'anonymous') return 401;
  if (access === 'signed-in') return 'allowed';
  return can(actorWithRole(who), access as Permission) ? 'allowed' : 403;
}

function actorWithRole(role: Role): Actor {
  const user: User = { id: NO_SUCH_ID, email: `${role}@example.com`, name: role, role, createdAt: '' };
  return { kind: 'user', user };
}

async function callAs(who: Role | 'anonymous', op: Operation): Promise<Response> {
  const url = urlOf(op);
  const body = op.method === 'get' ? undefined : {};
  if (who === 'anonymous') {
    return app.request(url, {
      method: op.method.toUpperCase(),
      ...(body === undefined ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }),
    });
  }
  const client = clients.get(who) as Client;
  const res = await client.call(op.method.toUpperCase(), url, body);
  // a route may end the session (logout): sign in again for the next one
  if (op.method !== 'get' && (await client.call('GET', '/api/v1/auth/session')).status === 401) {
    clients.set(who, await signedIn(who));
  }
  return res;
}

/** The path with its parameters filled from the seeded records, and a plausible value per required query. */
function urlOf(op: Operation): string {
  const filled = op.path.replace(/\{(\w+)\}/g, (_match, _name: string, offset: number) => {
    const segment = op.path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    return encodeURIComponent(ids[segment] ?? NO_SUCH_ID);
  });
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    if (p.in === 'query' && p.required) query.set(p.name, sampleValue(p.name, p.schema ?? {}));
  }
  const search = query.toString();
  return search ? `${filled}?${search}` : filled;
}

function sampleValue(name: string, schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.default !== undefined) return String(schema.default);
  if (schema.format === 'uuid') return ids.scans ?? NO_SUCH_ID;
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  const byName: Record<string, string> = {
    purl: 'pkg:npm/lodash@4.17.20',
    to: 'pkg:npm/lodash@4.17.20',
    package: 'pkg:npm/lodash',
    advisory: advisory.id,
  };
  return byName[name] ?? 'x';
}

async function documentedOperations(): Promise<Operation[]> {
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as Record<string, unknown>;
      return {
        method,
        path: p,
        access: op['x-ospo-access'] as string | undefined,
        security: op.security,
        parameters: (op.parameters as Operation['parameters'] | undefined) ?? [],
      };
    }),
  );
}

async function signedIn(role: Role): Promise<Client> {
  const client = new Client(app);
  const res = await client.login(`${role}@example.com`, PASSWORD);
  expect(res.status, `sign-in as ${role}`).toBe(200);
  return client;
}

async function problemOf(res: Response): Promise<{ code: string } | null> {
  if (!res.headers.get('content-type')?.startsWith('application/problem+json')) return null;
  const body = (await res.clone().json()) as { code?: unknown; status?: unknown };
  return typeof body.code === 'string' && body.status === res.status ? { code: body.code } : null;
}

async function codeOf(res: Response): Promise<string> {
  return (await problemOf(res))?.code ?? 'no problem body';
}
