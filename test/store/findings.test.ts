import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OspoError } from '../../src/core/errors.js';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import type { Actor } from '../../src/services/actor.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import {
  advisoryDetail,
  listFindings,
  triageFinding,
  triageHistory,
  vulnerabilitySummary,
} from '../../src/services/vulnerabilities/findings.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };
const viewer: Actor = {
  kind: 'user',
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'v@example.org',
    name: 'Vi',
    role: 'viewer',
    createdAt: '2026-01-01T00:00:00Z',
  },
};
const vcs = { commit: null, branch: null };

function pkg(name: string, version: string, direct = true): InventoryPackage {
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: purlFor('npm', name, version),
    scope: 'prod',
    direct,
    licenses: [],
    locations: [{ path: 'package-lock.json' }],
  };
}

function report(packages: InventoryPackage[]): ScanReport {
  const [top, ...rest] = packages;
  return {
    packages,
    dependencies: top ? rest.map((p) => ({ from: top.purl, to: p.purl })) : [],
    files: [
      { path: 'package-lock.json', format: 'npm-package-lock', packages: packages.length, warnings: [] },
    ],
    errors: [],
  };
}

const cvssHigh = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5
const cvssCritical = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8

function osv(id: string, name: string, fixed: string, extra: Record<string, unknown> = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    aliases: [`CVE-2026-${id.slice(-4)}`],
    summary: `${name} is broken`,
    severity: [{ type: 'CVSS_V3', score: cvssHigh }],
    affected: [
      {
        package: { ecosystem: 'npm', name },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
    ...extra,
  };
}

describe.each(backends)('saved-scan findings and triage on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let dir: string;
  const importRecords = async (records: unknown[]) => {
    const sub = fs.mkdtempSync(path.join(dir, 'batch-'));
    records.forEach((r, i) => {
      fs.writeFileSync(path.join(sub, `${i}.json`), JSON.stringify(r));
    });
    return importAdvisories(store, local, [sub]);
  };

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-findings-'));
    await createProject(store, local, { name: 'shop' });
    await createProject(store, local, { name: 'blog' });
    await importRecords([
      osv('GHSA-aaaa-0001', 'left-pad', '1.3.0'),
      osv('GHSA-aaaa-0002', 'lodash', '4.17.21', { severity: [{ type: 'CVSS_V3', score: cvssCritical }] }),
    ]);
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('matches a scan when it is saved, worst first, with the dependency path', async () => {
    await saveScan(store, local, 'shop', {
      report: report([
        pkg('shop-app', '1.0.0'),
        pkg('left-pad', '1.1.0', false),
        pkg('lodash', '4.17.20', false),
      ]),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    const page = await listFindings(store, local, { project: 'shop' });
    expect(page.total).toBe(2);
    expect(page.items.map((f) => [f.name, f.advisory, f.severity, f.score, f.fixed])).toEqual([
      ['lodash', 'GHSA-aaaa-0002', 'critical', 9.8, ['4.17.21']],
      ['left-pad', 'GHSA-aaaa-0001', 'high', 7.5, ['1.3.0']],
    ]);
    expect(page.items[0]?.introducedBy).toEqual([['pkg:npm/shop-app@1.0.0']]);
    expect(page.items[0]?.triage).toBeNull();
  });

  it('matches saved scans again when an import brings a new advisory', async () => {
    await saveScan(store, local, 'blog', {
      report: report([pkg('blog-app', '2.0.0'), pkg('minimist', '1.2.5', false)]),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    expect((await listFindings(store, local, { project: 'blog' })).total).toBe(0);
    const imported = await importRecords([osv('GHSA-aaaa-0003', 'minimist', '1.2.6')]);
    expect(imported.rematched?.scans).toBe(1);
    const blog = await listFindings(store, local, { project: 'blog' });
    expect(blog.items.map((f) => f.advisory)).toEqual(['GHSA-aaaa-0003']);
  });

  it('drops a finding whose advisory is withdrawn', async () => {
    await importRecords([
      osv('GHSA-aaaa-0003', 'minimist', '1.2.6', {
        modified: '2026-02-01T00:00:00Z',
        withdrawn: '2026-02-01T00:00:00Z',
      }),
    ]);
    expect((await listFindings(store, local, { project: 'blog' })).total).toBe(0);
  });

  it('records triage with history and audit, and carries it to a later scan of the same version only', async () => {
    const lodash = 'pkg:npm/lodash@4.17.20';
    await expect(
      triageFinding(store, local, 'shop', {
        purl: lodash,
        advisory: 'GHSA-aaaa-0002',
        state: 'not_affected',
      }),
    ).rejects.toMatchObject({ code: 'ERR_OSPO_TRIAGE_JUSTIFICATION' } satisfies Partial<OspoError>);
    await expect(
      triageFinding(store, viewer, 'shop', {
        purl: lodash,
        advisory: 'GHSA-aaaa-0002',
        state: 'exploitable',
      }),
    ).rejects.toMatchObject({ code: 'ERR_OSPO_FORBIDDEN' });
    await expect(
      triageFinding(store, local, 'shop', { purl: lodash, advisory: 'GHSA-nope', state: 'exploitable' }),
    ).rejects.toMatchObject({ code: 'ERR_OSPO_FINDING_NOT_FOUND' });

    await triageFinding(store, local, 'shop', {
      purl: lodash,
      advisory: 'GHSA-aaaa-0002',
      state: 'in_triage',
    });
    // by an alias: the same finding
    const saved = await triageFinding(store, local, 'shop', {
      purl: lodash,
      advisory: 'CVE-2026-0002',
      state: 'not_affected',
      justification: 'code_not_reachable',
      detail: 'we never call _.template',
    });
    expect(saved).toMatchObject({
      advisory: 'GHSA-aaaa-0002',
      state: 'not_affected',
      updatedBy: 'local:test',
    });
    const history = await triageHistory(store, local, 'shop', lodash, 'GHSA-aaaa-0002');
    expect(history.items.map((h) => h.state)).toEqual(['not_affected', 'in_triage']);
    const audit = await store.repos.audit.list({ limit: 10, targetType: 'project' });
    expect(audit.filter((a) => a.action === 'finding.triage')).toHaveLength(2);

    const open = await listFindings(store, local, { project: 'shop', state: 'open' });
    expect(open.items.map((f) => f.name)).toEqual(['left-pad']);
    const closed = await listFindings(store, local, { project: 'shop', state: 'not_affected' });
    expect(closed.items[0]?.triage).toMatchObject({ justification: 'code_not_reachable', source: 'user' });

    // a rescan with the same lodash keeps the decision; left-pad upgraded past the fix is gone
    await saveScan(store, local, 'shop', {
      report: report([
        pkg('shop-app', '1.0.1'),
        pkg('left-pad', '1.3.0', false),
        pkg('lodash', '4.17.20', false),
      ]),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    const again = await listFindings(store, local, { project: 'shop' });
    expect(again.items.map((f) => [f.name, f.triage?.state ?? null])).toEqual([['lodash', 'not_affected']]);

    // another lodash version is a new question
    await saveScan(store, local, 'shop', {
      report: report([pkg('shop-app', '1.0.2'), pkg('lodash', '4.17.19', false)]),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    const later = await listFindings(store, local, { project: 'shop' });
    expect(later.items.map((f) => [f.version, f.triage])).toEqual([['4.17.19', null]]);
  });

  it('pages the portfolio worst first with a cursor, and sums it up', async () => {
    for (let i = 0; i < 3; i++) {
      await createProject(store, local, { name: `svc-${i}` });
      await saveScan(store, local, `svc-${i}`, {
        report: report([
          pkg(`svc-${i}`, '1.0.0'),
          pkg('left-pad', '1.0.0', false),
          pkg('lodash', '4.0.0', false),
        ]),
        source: 'path',
        vcs,
        toolVersion: 't',
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listFindings(store, viewer, { limit: 2, cursor });
      expect(page.total).toBe(7);
      seen.push(...page.items.map((f) => `${f.severity} ${f.projectName} ${f.name}`));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      'critical shop lodash',
      'critical svc-0 lodash',
      'critical svc-1 lodash',
      'critical svc-2 lodash',
      'high svc-0 left-pad',
      'high svc-1 left-pad',
      'high svc-2 left-pad',
    ]);
    await expect(listFindings(store, local, { cursor: 'bogus' })).rejects.toMatchObject({
      code: 'ERR_OSPO_CURSOR',
    });

    const summary = await vulnerabilitySummary(store, viewer);
    expect(summary.open).toEqual({ critical: 4, high: 3, medium: 0, low: 0, unknown: 0 });
    expect(summary.states).toMatchObject({ open: 7, untriaged: 7 });
    expect(summary.projects).toBe(5);
    // a critical and a high outrank one critical
    expect(summary.projectsAtRisk.map((p) => p.name)).toEqual(['svc-0', 'svc-1', 'svc-2', 'shop']);
    expect(summary.trend.at(-1)).toMatchObject({ critical: 4, high: 3 });
  });

  it('shows an advisory with every project it affects, found by an alias too', async () => {
    const detail = await advisoryDetail(store, viewer, 'CVE-2026-0001');
    expect(detail).toMatchObject({ id: 'GHSA-aaaa-0001', severity: 'high', score: 7.5 });
    expect(detail.findings.map((f) => f.projectName)).toEqual(['svc-0', 'svc-1', 'svc-2']);
    await expect(advisoryDetail(store, viewer, 'GHSA-none')).rejects.toMatchObject({
      code: 'ERR_OSPO_ADVISORY_NOT_FOUND',
    });
  });
});
