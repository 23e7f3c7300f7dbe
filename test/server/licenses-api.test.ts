import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/schemas.js';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { startTestJobs } from '../support/jobs.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
let stopJobs: () => Promise<void>;
let app: ReturnType<typeof createApp>;

/** A CycloneDX SBOM: app -> wrapper (MIT) -> gpl-lib (GPL-3.0-only), and an LGPL library. */
const sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { type: 'application', name: 'shop', 'bom-ref': 'app' } },
  components: [
    {
      type: 'library',
      name: 'wrapper',
      version: '1.0.0',
      purl: 'pkg:npm/wrapper@1.0.0',
      'bom-ref': 'w',
      licenses: [{ license: { id: 'MIT' } }],
    },
    {
      type: 'library',
      name: 'gpl-lib',
      version: '3.1.0',
      purl: 'pkg:npm/gpl-lib@3.1.0',
      'bom-ref': 'g',
      licenses: [{ license: { id: 'GPL-3.0-only' } }],
    },
    {
      type: 'library',
      name: 'lgpl',
      version: '1.0.0',
      purl: 'pkg:npm/lgpl@1.0.0',
      'bom-ref': 'l',
      licenses: [{ expression: 'LGPL-2.1-only' }],
    },
  ],
  dependencies: [
    { ref: 'app', dependsOn: ['w', 'l'] },
    { ref: 'w', dependsOn: ['g'] },
  ],
};

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  const queue = await startTestJobs(store);
  stopJobs = queue.stop;
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, jobs: queue.jobs });
  const local = { kind: 'local', name: 'test' } as const;
  for (const role of ['admin', 'legal', 'member', 'viewer', 'security'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  await createProject(store, local, { name: 'shop', distribution: 'distributed-binary' });
  await createProject(store, local, { name: 'idle' });
});
afterAll(async () => {
  await stopJobs();
  await dispose();
});

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

interface Verdicts {
  summary: { deny: number; review: number; allow: number; waived: number };
  categories: Record<string, number>;
  items: { name: string; result: { verdict: string; waived?: string }; introducedBy?: string[] }[];
  next: string | null;
}

describe('licenses API', () => {
  it("judges a project's latest scan against the built-in policy, worst first, with what brings each in", async () => {
    const member = await as('member');
    expect(
      (await member.call('POST', '/api/v1/projects/shop/scans?wait=true', { sbom, name: 'bom.json' })).status,
    ).toBe(201);
    const res = await member.call('GET', '/api/v1/projects/shop/licenses');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Verdicts;
    expect(body.items.map((p) => [p.name, p.result.verdict])).toEqual([
      ['gpl-lib', 'deny'],
      ['lgpl', 'review'],
      ['wrapper', 'allow'],
    ]);
    expect(body.items[0]?.introducedBy).toEqual(['pkg:npm/wrapper@1.0.0', 'pkg:npm/gpl-lib@3.1.0']);
    expect(body.categories).toMatchObject({ permissive: 1, 'strong-copyleft': 1, 'weak-copyleft': 1 });
    const denied = (await (
      await member.call('GET', '/api/v1/projects/shop/licenses?verdict=deny')
    ).json()) as Verdicts;
    expect(denied.items.map((p) => p.name)).toEqual(['gpl-lib']);
    const paged = (await (
      await member.call('GET', '/api/v1/projects/shop/licenses?limit=2')
    ).json()) as Verdicts;
    expect(paged.items).toHaveLength(2);
    const rest = (await (
      await member.call('GET', `/api/v1/projects/shop/licenses?limit=2&cursor=${paged.next}`)
    ).json()) as Verdicts;
    expect(rest.items.map((p) => p.name)).toEqual(['wrapper']);
    expect(rest.next).toBeNull();
  });

  it('lets legal replace the policy, refuses a broken one whole with its lines, and audits', async () => {
    const legal = await as('legal');
    const broken = await legal.call('PUT', '/api/v1/policy/licenses', {
      document: 'licenses:\n  rules:\n    - license: NOT-A-LICENSE\n      verdict: allow\n  colour: red\n',
    });
    expect(broken.status).toBe(400);
    const problem = (await broken.json()) as { code: string; errors: { path: string; line?: number }[] };
    expect(problem.code).toBe('ERR_OSPO_POLICY_UNKNOWN_KEY');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'licenses.colour', line: 5 })]);
    const unknownId = await legal.call('PUT', '/api/v1/policy/licenses', {
      document: 'licenses:\n  rules:\n    - license: NOT-A-LICENSE\n      verdict: allow\n',
    });
    expect(unknownId.status).toBe(400);
    expect(((await unknownId.json()) as { errors: { line?: number }[] }).errors[0]?.line).toBe(3);
    expect(
      ((await (await legal.call('GET', '/api/v1/policy/licenses')).json()) as { version: number }).version,
    ).toBe(0);

    const saved = await legal.call('PUT', '/api/v1/policy/licenses', {
      document:
        'licenses:\n  rules:\n    - license: LGPL-2.1-only\n      verdict: allow\n      reason: dynamic linking only\n',
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ version: 1, createdBy: 'user:legal@example.com' });
    const member = await as('member');
    const after = (await (await member.call('GET', '/api/v1/projects/shop/licenses')).json()) as Verdicts;
    expect(after.summary).toMatchObject({ deny: 1, review: 0 });
    expect((await member.call('PUT', '/api/v1/policy/licenses', { document: 'licenses: {}\n' })).status).toBe(
      403,
    );

    const admin = await as('admin');
    const audit = (await (await admin.call('GET', '/api/v1/audit?limit=50')).json()) as {
      items: AuditEntry[];
    };
    expect(audit.items.map((e) => e.action)).toContain('policy.update');
  });

  it('grants, applies and revokes waivers; only legal, ospo and admin may', async () => {
    const viewer = await as('viewer');
    const waiver = {
      package: 'gpl-lib',
      version: '>=3 <4',
      project: 'shop',
      reason: 'shipped as a separate, optional download',
      approver: 'legal@example.com',
      expires: '2999-01-31',
    };
    expect((await viewer.call('POST', '/api/v1/waivers', waiver)).status).toBe(403);
    const legal = await as('legal');
    const bad = await legal.call('POST', '/api/v1/waivers', { ...waiver, expires: '31/01/2999' });
    expect(bad.status).toBe(400);
    const created = await legal.call('POST', '/api/v1/waivers', waiver);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const waived = (await (await viewer.call('GET', '/api/v1/projects/shop/licenses')).json()) as Verdicts;
    expect(waived.summary).toMatchObject({ deny: 0, waived: 1 });
    expect(waived.items.find((p) => p.name === 'gpl-lib')?.result).toMatchObject({
      verdict: 'allow',
      waived: id,
    });

    const expired = await legal.call('POST', '/api/v1/waivers', {
      ...waiver,
      package: 'lgpl',
      expires: '2001-01-01',
    });
    expect(expired.status).toBe(201);
    expect((await legal.call('DELETE', `/api/v1/waivers/${id}`)).status).toBe(200);
    expect((await legal.call('DELETE', `/api/v1/waivers/${id}`)).status).toBe(404);
    const list = (await (await viewer.call('GET', '/api/v1/waivers?includeRevoked=true')).json()) as {
      items: { id: string; revokedAt: string | null }[];
    };
    expect(list.items.map((w) => [w.id, w.revokedAt !== null])).toEqual([
      [id, true],
      ['W-2', false],
    ]);
    const again = (await (await viewer.call('GET', '/api/v1/projects/shop/licenses')).json()) as Verdicts;
    expect(again.summary.deny).toBe(1);
  });

  it("sums the portfolio, worst projects first, and changes verdicts with a project's context", async () => {
    const security = await as('security');
    const portfolio = (await (await security.call('GET', '/api/v1/licenses/summary')).json()) as {
      totals: { deny: number };
      projects: { name: string; scanId: string | null }[];
    };
    expect(portfolio.projects.map((p) => [p.name, p.scanId !== null])).toEqual([
      ['shop', true],
      ['idle', false],
    ]);
    expect(portfolio.totals.deny).toBe(1);
    const admin = await as('admin');
    const set = await admin.call('PUT', '/api/v1/projects/shop/distribution', { distribution: 'internal' });
    expect(set.status).toBe(200);
    const internal = (await (await admin.call('GET', '/api/v1/projects/shop/licenses')).json()) as Verdicts;
    expect(internal.summary.deny).toBe(0);
  });

  it('answers 401 to anyone not signed in', async () => {
    const anonymous = new Client(app);
    for (const url of [
      '/api/v1/policy/licenses',
      '/api/v1/waivers',
      '/api/v1/licenses/summary',
      '/api/v1/projects/shop/licenses',
    ]) {
      expect((await anonymous.call('GET', url)).status).toBe(401);
    }
  });
});
