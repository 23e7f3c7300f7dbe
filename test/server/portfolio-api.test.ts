import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { createApp } from '../../src/server/app.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import { triageFinding } from '../../src/services/vulnerabilities/findings.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
const vcs = { commit: null, branch: null };
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let dir: string;
let webRoot: string;

function pkg(name: string, version: string, license: string, direct = true): InventoryPackage {
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: purlFor('npm', name, version),
    scope: 'prod',
    direct,
    licenses: [license],
    locations: [{ path: 'package-lock.json' }],
  };
}

function report(packages: InventoryPackage[]): ScanReport {
  return {
    packages,
    dependencies: [],
    files: [
      { path: 'package-lock.json', format: 'npm-package-lock', packages: packages.length, warnings: [] },
    ],
    errors: [],
  };
}

const osv = (id: string, name: string, fixed: string, vector: string) => ({
  schema_version: '1.6.0',
  id,
  modified: '2026-01-01T00:00:00Z',
  aliases: [`CVE-2026-${id.slice(-4)}`],
  summary: `${name} does a bad thing`,
  severity: [{ type: 'CVSS_V3', score: vector }],
  affected: [
    {
      package: { ecosystem: 'npm', name },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
});
const critical = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const medium = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'; // 5.3

const DAY = 86_400_000;

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-portfolio-web-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot });
  for (const role of ['admin', 'security', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-portfolio-api-'));
  fs.writeFileSync(
    path.join(dir, 'a.json'),
    JSON.stringify(osv('GHSA-lodash-0001', 'lodash', '4.17.21', critical)),
  );
  fs.writeFileSync(
    path.join(dir, 'b.json'),
    JSON.stringify(osv('GHSA-minim-0002', 'minimist', '1.2.6', medium)),
  );
  await importAdvisories(store, local, [dir]);

  for (const name of ['shop', 'blog', 'legacy', 'fresh-idea']) await createProject(store, local, { name });
  // shop: a critical and a medium finding, and a GPL package the default policy denies
  await saveScan(store, local, 'shop', {
    report: report([
      pkg('lodash', '4.17.20', 'MIT'),
      pkg('minimist', '1.2.5', 'MIT'),
      pkg('gpl-lib', '2.0.0', 'GPL-3.0-only', false),
    ]),
    source: 'sbom',
    vcs,
    toolVersion: 'test',
  });
  // blog: lodash, fixed already
  await saveScan(store, local, 'blog', {
    report: report([pkg('lodash', '4.17.21', 'MIT'), pkg('@acme/ui', '1.0.0', 'Apache-2.0')]),
    source: 'sbom',
    vcs,
    toolVersion: 'test',
  });
  // legacy: an LGPL package to review, scanned last 60 days ago
  const old = await saveScan(store, local, 'legacy', {
    report: report([pkg('lgpl-lib', '3.1.0', 'LGPL-2.1-only')]),
    source: 'sbom',
    vcs,
    toolVersion: 'test',
  });
  // dated back in the store: the schema's types do not let Kysely set a generated column
  await sql`update scans set created_at = ${new Date(Date.now() - 60 * DAY)} where id = ${old.id}::uuid`.execute(
    store.database.db,
  );
  // fresh-idea: never scanned
});

afterAll(async () => {
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(webRoot, { recursive: true, force: true });
});

const clients = new Map<string, Client>();

/** A signed-in client per role, kept for the file: signing in hashes a password, which takes a while. */
async function as(role: string): Promise<Client> {
  const known = clients.get(role);
  if (known) return known;
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  clients.set(role, client);
  return client;
}

interface Portfolio {
  projects: { total: number; scanned: number };
  risk: {
    atRisk: number;
    projects: {
      name: string;
      scannedAt: string | null;
      open: Record<string, number>;
      licenses: { deny: number; review: number } | null;
    }[];
  };
  licenses: { policyVersion: number; totals: Record<string, number>; categories: Record<string, number> };
  vulnerabilities: { advisories: number; open: Record<string, number>; trend: Record<string, number>[] };
  freshness: {
    staleAfterDays: number;
    never: { count: number; projects: { name: string }[] };
    stale: { count: number; projects: { name: string; scannedAt: string }[] };
  };
  activity?: { action: string; targetType: string; targetName: string | null }[];
}

async function portfolio(role: string): Promise<Portfolio> {
  const res = await (await as(role)).call('GET', '/api/v1/portfolio');
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Portfolio;
}

describe('GET /api/v1/portfolio', () => {
  it('counts the projects and ranks the risky ones, worst first, with their last scan', async () => {
    const body = await portfolio('admin');
    expect(body.projects).toEqual({ total: 4, scanned: 3 });
    expect(body.risk.atRisk).toBe(2);
    expect(body.risk.projects.map((p) => [p.name, p.open.critical, p.open.medium, p.licenses])).toEqual([
      ['shop', 1, 1, { deny: 1, review: 0 }],
      ['legacy', 0, 0, { deny: 0, review: 1 }],
    ]);
    const legacy = body.risk.projects[1];
    expect(Date.now() - Date.parse(legacy?.scannedAt ?? '')).toBeGreaterThan(59 * DAY);
  });

  it('sums license verdicts and categories, and open vulnerabilities with their trend', async () => {
    const body = await portfolio('viewer');
    expect(body.licenses.policyVersion).toBe(0);
    expect(body.licenses.totals).toEqual({ packages: 6, allow: 4, review: 1, deny: 1, waived: 0 });
    expect(body.licenses.categories).toEqual({ permissive: 4, 'strong-copyleft': 1, 'weak-copyleft': 1 });
    expect(body.vulnerabilities.advisories).toBe(2);
    expect(body.vulnerabilities.open).toEqual({ critical: 1, high: 0, medium: 1, low: 0, unknown: 0 });
    const today = body.vulnerabilities.trend.at(-1);
    expect(today).toMatchObject({ critical: 1, medium: 1 });
  });

  it('lists projects never scanned and those not scanned in 30 days', async () => {
    const body = await portfolio('viewer');
    expect(body.freshness.staleAfterDays).toBe(30);
    expect(body.freshness.never).toMatchObject({ count: 1, projects: [{ name: 'fresh-idea' }] });
    expect(body.freshness.stale).toMatchObject({ count: 1, projects: [{ name: 'legacy' }] });
  });

  it('shows recent activity to audit readers only, projects named', async () => {
    const security = await portfolio('security');
    const scan = security.activity?.find((e) => e.action === 'scan.create');
    expect(scan).toMatchObject({ targetType: 'project', targetName: 'legacy' });
    for (let i = 0; i < 20; i++) {
      await store.repos.audit.append({
        actor: 'local:test',
        action: `test.${i}`,
        targetType: 'test',
        targetId: null,
      });
    }
    const admin = await portfolio('admin');
    expect(admin.activity?.map((e) => e.action)).toEqual(
      Array.from({ length: 15 }, (_, i) => `test.${19 - i}`),
    );
    const viewer = await portfolio('viewer');
    expect(viewer).not.toHaveProperty('activity');
    expect((await new Client(app).call('GET', '/api/v1/portfolio')).status).toBe(401);
  });

  it('moves a project up when its findings change, and drops closed ones', async () => {
    await triageFinding(store, local, 'shop', {
      purl: 'pkg:npm/lodash@4.17.20',
      advisory: 'GHSA-lodash-0001',
      state: 'false_positive',
    });
    const body = await portfolio('viewer');
    expect(body.risk.projects.map((p) => [p.name, p.open.critical])).toEqual([
      ['shop', 0],
      ['legacy', 0],
    ]);
    expect(body.vulnerabilities.open.critical).toBe(0);
    await triageFinding(store, local, 'shop', {
      purl: 'pkg:npm/lodash@4.17.20',
      advisory: 'GHSA-lodash-0001',
      state: 'in_triage',
    });
  });
});

interface PackageBody {
  query: { ecosystem: string | null; name: string };
  projects: number;
  versions: { version: string | null; projects: number }[];
  usage: {
    projectName: string;
    version: string | null;
    scope: string;
    direct: boolean | null;
    licenses: string[];
    findings: { advisory: string; triage: { state: string } | null }[];
    verdict: { verdict: string } | null;
  }[];
  licenses: { expression: string; projects: number }[];
  advisories: {
    id: string;
    severity: string;
    fixed: string[];
    versions: string[];
    projects: number;
    open: number;
  }[];
  policyVersion: number | null;
}

describe('GET /api/v1/packages/{package}', () => {
  it('shows every project and version using a package, its licenses and advisories', async () => {
    const viewer = await as('viewer');
    const res = await viewer.call('GET', `/api/v1/packages/${encodeURIComponent('pkg:npm/lodash')}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as PackageBody;
    expect(body.query).toMatchObject({ ecosystem: 'npm', name: 'lodash' });
    expect(body.projects).toBe(2);
    expect(body.versions).toEqual([
      { purl: 'pkg:npm/lodash@4.17.20', version: '4.17.20', projects: 1 },
      { purl: 'pkg:npm/lodash@4.17.21', version: '4.17.21', projects: 1 },
    ]);
    expect(
      body.usage.map((u) => [
        u.projectName,
        u.version,
        u.licenses,
        u.verdict?.verdict,
        u.findings.map((f) => `${f.advisory} ${f.triage?.state ?? 'untriaged'}`),
      ]),
    ).toEqual([
      ['blog', '4.17.21', ['MIT'], 'allow', []],
      ['shop', '4.17.20', ['MIT'], 'allow', ['GHSA-lodash-0001 in_triage']],
    ]);
    expect(body.licenses).toEqual([{ expression: 'MIT', projects: 2, versions: ['4.17.21', '4.17.20'] }]);
    expect(body.advisories).toMatchObject([
      {
        id: 'GHSA-lodash-0001',
        severity: 'critical',
        fixed: ['4.17.21'],
        versions: ['4.17.20'],
        projects: 1,
        open: 1,
      },
    ]);
    expect(body.policyVersion).toBe(0);
  });

  it('finds a bare name in one ecosystem, a scoped name with its slash, and a denied license', async () => {
    const viewer = await as('viewer');
    const scoped = (await (
      await viewer.call('GET', `/api/v1/packages/${encodeURIComponent('@acme/ui')}?ecosystem=npm`)
    ).json()) as PackageBody;
    expect(scoped.usage.map((u) => [u.projectName, u.version, u.licenses])).toEqual([
      ['blog', '1.0.0', ['Apache-2.0']],
    ]);
    const gpl = (await (await viewer.call('GET', '/api/v1/packages/gpl-lib')).json()) as PackageBody;
    expect(gpl.usage.map((u) => [u.projectName, u.direct, u.verdict?.verdict])).toEqual([
      ['shop', false, 'deny'],
    ]);
    expect(gpl.advisories).toEqual([]);
    const none = (await (await viewer.call('GET', '/api/v1/packages/left-pad')).json()) as PackageBody;
    expect([none.projects, none.usage, none.licenses, none.advisories]).toEqual([0, [], [], []]);
    const bad = await viewer.call('GET', `/api/v1/packages/${encodeURIComponent('pkg:nope/x')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_OSPO_PURL');
    expect((await viewer.call('GET', '/api/v1/packages/lodash?ecosystem=nope')).status).toBe(400);
    expect((await new Client(app).call('GET', '/api/v1/packages/lodash')).status).toBe(401);
  });

  it('serves the web app for package pages whose names have dots, and keeps missing assets 404', async () => {
    for (const page of [`/packages/${encodeURIComponent('pkg:npm/socket.io')}`, '/projects/my.app']) {
      const res = await app.request(page);
      expect(res.status, page).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    expect((await app.request('/favicon.png')).status).toBe(404);
  });
});
