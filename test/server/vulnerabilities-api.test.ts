import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { startTestJobs } from '../support/jobs.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let stopJobs: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let dir: string;

const lodash = 'pkg:npm/lodash@4.17.20';
const minimist = 'pkg:npm/minimist@1.2.5';
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
  metadata: { component: { type: 'application', name: 'shop', 'bom-ref': 'app' } },
  components: [component('wrapper', '1.0.0'), component('lodash', '4.17.20'), component('minimist', '1.2.5')],
  dependencies: [
    { ref: 'app', dependsOn: ['wrapper', 'minimist'] },
    { ref: 'wrapper', dependsOn: ['lodash'] },
  ],
};

const advisory = (id: string, cve: string, name: string, fixed: string, vector: string) => ({
  schema_version: '1.6.0',
  id,
  modified: '2026-01-01T00:00:00Z',
  aliases: [cve],
  summary: `${name} does a bad thing`,
  details: 'Line one.\n\n<script>alert(1)</script>',
  severity: [{ type: 'CVSS_V3', score: vector }],
  references: [{ type: 'ADVISORY', url: `https://example.org/${id}` }],
  affected: [
    {
      package: { ecosystem: 'npm', name },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
});

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  const queue = await startTestJobs(store);
  stopJobs = queue.stop;
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, jobs: queue.jobs });
  for (const role of ['admin', 'security', 'member', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  await createProject(store, local, { name: 'shop' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-vuln-api-'));
  const records = [
    advisory(
      'GHSA-lodash-0001',
      'CVE-2026-1001',
      'lodash',
      '4.17.21',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    ),
    advisory(
      'GHSA-minim-0002',
      'CVE-2026-1002',
      'minimist',
      '1.2.6',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
    ),
  ];
  records.forEach((r, i) => {
    fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(r));
  });
  await importAdvisories(store, local, [dir]);
  const member = await as('member');
  const res = await member.call('POST', '/api/v1/projects/shop/scans?wait=true', { sbom });
  expect(res.status, await res.clone().text()).toBe(201);
});
afterAll(async () => {
  await stopJobs();
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

interface FindingPage {
  items: {
    purl: string;
    advisory: string;
    severity: string;
    introducedBy: string[][];
    triage: { state: string; source: string } | null;
  }[];
  total: number;
  next: string | null;
}

const code = async (res: Response) => ((await res.json()) as { code: string }).code;

describe('vulnerabilities API', () => {
  it('lists the findings of a saved scan to readers only', async () => {
    expect((await new Client(app).call('GET', '/api/v1/findings')).status).toBe(401);
    const viewer = await as('viewer');
    const res = await viewer.call('GET', '/api/v1/findings');
    expect(res.status).toBe(200);
    const page = (await res.json()) as FindingPage;
    expect(page.total).toBe(2);
    expect(page.items.map((f) => [f.advisory, f.severity, f.introducedBy])).toEqual([
      ['GHSA-lodash-0001', 'critical', [['pkg:npm/wrapper@1.0.0']]],
      ['GHSA-minim-0002', 'medium', []],
    ]);
    const filtered = (await (
      await viewer.call('GET', '/api/v1/projects/shop/findings?severity=medium')
    ).json()) as FindingPage;
    expect(filtered.items.map((f) => f.purl)).toEqual([minimist]);
    expect((await viewer.call('GET', '/api/v1/findings?severity=dire')).status).toBe(400);
    expect((await viewer.call('GET', '/api/v1/projects/nope/findings')).status).toBe(404);
  });

  it('shows an advisory by alias, and sums up the portfolio', async () => {
    const viewer = await as('viewer');
    const res = await viewer.call('GET', '/api/v1/advisories/CVE-2026-1001');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; score: number; details: string; findings: unknown[] };
    expect(body).toMatchObject({ id: 'GHSA-lodash-0001', score: 9.8 });
    expect(body.findings).toHaveLength(1);
    expect((await viewer.call('GET', '/api/v1/advisories/GHSA-none')).status).toBe(404);
    const summary = (await (await viewer.call('GET', '/api/v1/vulnerabilities/summary')).json()) as {
      open: Record<string, number>;
      projects: number;
      projectsAtRisk: { name: string }[];
    };
    expect(summary.open).toMatchObject({ critical: 1, medium: 1 });
    expect(summary.projects).toBe(1);
    expect(summary.projectsAtRisk.map((p) => p.name)).toEqual(['shop']);
  });

  it('lets security triage, refuses others, and keeps the history', async () => {
    const body = {
      purl: lodash,
      advisory: 'GHSA-lodash-0001',
      state: 'not_affected',
      justification: 'code_not_reachable',
    };
    for (const role of ['viewer', 'member']) {
      const res = await (await as(role)).call('PUT', '/api/v1/projects/shop/findings/triage', body);
      expect(res.status, role).toBe(403);
    }
    const security = await as('security');
    const noCsrf = await security.call('PUT', '/api/v1/projects/shop/findings/triage', body, {
      'x-csrf-token': 'x',
    });
    expect(noCsrf.status).toBe(403);
    const unjustified = await security.call('PUT', '/api/v1/projects/shop/findings/triage', {
      ...body,
      justification: undefined,
    });
    expect(unjustified.status).toBe(400);
    expect(await code(unjustified)).toBe('ERR_OSPO_TRIAGE_JUSTIFICATION');
    const unknownField = await security.call('PUT', '/api/v1/projects/shop/findings/triage', {
      ...body,
      extra: 1,
    });
    expect(unknownField.status).toBe(400);
    const ok = await security.call('PUT', '/api/v1/projects/shop/findings/triage', body);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await ok.json()).toMatchObject({ state: 'not_affected', updatedBy: 'user:security@example.com' });

    const history = await security.call(
      'GET',
      `/api/v1/projects/shop/findings/history?purl=${encodeURIComponent(lodash)}&advisory=CVE-2026-1001`,
    );
    expect(((await history.json()) as { items: { state: string }[] }).items.map((h) => h.state)).toEqual([
      'not_affected',
    ]);
    const open = (await (await security.call('GET', '/api/v1/findings?state=open')).json()) as FindingPage;
    expect(open.items.map((f) => f.purl)).toEqual([minimist]);
  });

  it('exports VEX with the decisions, and applies a VEX document', async () => {
    const viewer = await as('viewer');
    const openvex = await viewer.call('GET', '/api/v1/projects/shop/vex?format=openvex');
    expect(openvex.status).toBe(200);
    expect(openvex.headers.get('content-disposition')).toContain('shop.openvex.json');
    const doc = (await openvex.json()) as {
      statements: { vulnerability: { name: string }; status: string; justification?: string }[];
    };
    expect(doc.statements.map((s) => [s.vulnerability.name, s.status, s.justification ?? null])).toEqual([
      ['GHSA-lodash-0001', 'not_affected', 'vulnerable_code_not_in_execute_path'],
      ['GHSA-minim-0002', 'under_investigation', null],
    ]);
    const cdx = (await (await viewer.call('GET', '/api/v1/projects/shop/vex?format=cyclonedx')).json()) as {
      vulnerabilities: { id: string; analysis: { state: string; justification?: string } }[];
    };
    expect(
      cdx.vulnerabilities.map((v) => [v.id, v.analysis.state, v.analysis.justification ?? null]),
    ).toEqual([
      ['GHSA-lodash-0001', 'not_affected', 'code_not_reachable'],
      ['GHSA-minim-0002', 'in_triage', null],
    ]);

    const vendor = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.org/vex/1',
      author: 'Vendor',
      timestamp: '2026-11-01T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-2026-1002' },
          products: [{ '@id': 'pkg:npm/minimist' }],
          status: 'fixed',
        },
        {
          vulnerability: { name: 'CVE-2099-0001' },
          products: [{ '@id': 'pkg:npm/other@1.0.0' }],
          status: 'fixed',
        },
      ],
    };
    expect((await viewer.call('POST', '/api/v1/projects/shop/vex', vendor)).status).toBe(403);
    const security = await as('security');
    const res = await security.call('POST', '/api/v1/projects/shop/vex', vendor);
    expect(res.status, await res.clone().text()).toBe(200);
    const report = (await res.json()) as {
      applied: { purl: string; state: string }[];
      unmatched: { vulnerability: string }[];
    };
    expect(report.applied).toEqual([{ purl: minimist, advisory: 'GHSA-minim-0002', state: 'resolved' }]);
    expect(report.unmatched.map((u) => u.vulnerability)).toEqual(['CVE-2099-0001']);
    const after = (await (
      await security.call('GET', '/api/v1/findings?state=resolved')
    ).json()) as FindingPage;
    expect(after.items.map((f) => [f.purl, f.triage?.source])).toEqual([[minimist, 'vex:openvex']]);

    const junk = await security.call('POST', '/api/v1/projects/shop/vex', { hello: 'world' });
    expect(junk.status).toBe(400);
  });

  it('answers where a package is used, narrowed by a version range', async () => {
    const viewer = await as('viewer');
    const hit = await viewer.call(
      'GET',
      `/api/v1/where?package=${encodeURIComponent('pkg:npm/lodash')}&range=${encodeURIComponent('<4.17.21')}`,
    );
    const body = (await hit.json()) as {
      projects: number;
      rows: { projectName: string; version: string; findings: { triage: { state: string } | null }[] }[];
    };
    expect(body.projects).toBe(1);
    expect(body.rows.map((r) => [r.projectName, r.version, r.findings[0]?.triage?.state])).toEqual([
      ['shop', '4.17.20', 'not_affected'],
    ]);
    const miss = (await (
      await viewer.call('GET', `/api/v1/where?package=lodash&range=${encodeURIComponent('>=4.17.21')}`)
    ).json()) as { rows: unknown[] };
    expect(miss.rows).toEqual([]);
    const bad = await viewer.call('GET', `/api/v1/where?package=lodash&range=${encodeURIComponent('>>4')}`);
    expect(bad.status).toBe(400);
    expect(await code(bad)).toBe('ERR_OSPO_VERSION_RANGE');
    expect((await new Client(app).call('GET', '/api/v1/where?package=lodash')).status).toBe(401);
  });
});
