import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import type { Actor } from '../../src/services/actor.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { listFindings } from '../../src/services/vulnerabilities/findings.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import { matchSavedScan } from '../../src/services/vulnerabilities/portfolio.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

/**
 * The finding queue reads findings marked current: those of each project's newest scan. These tests
 * check that the mark follows new scans and matches of older ones, and that paging the queue by its
 * cursor gives every current finding once, in order, through ties.
 */

const local: Actor = { kind: 'local', name: 'test' };
const vcs = { commit: null, branch: null };

const pkg = (name: string, version: string): InventoryPackage => ({
  ecosystem: 'npm',
  name,
  version,
  purl: purlFor('npm', name, version),
  scope: 'prod',
  direct: true,
  licenses: [],
  locations: [{ path: 'package-lock.json' }],
});
const report = (packages: InventoryPackage[]): ScanReport => ({
  packages,
  dependencies: [],
  files: [],
  errors: [],
});
const high = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N';

function osv(id: string, name: string) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    summary: `${name} is broken`,
    // a third without a score, two thirds with the same one: ties for the cursor to get through
    ...(Number(id.slice(-2)) % 3 === 0 ? {} : { severity: [{ type: 'CVSS_V3', score: high }] }),
    affected: [
      { package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] },
    ],
  };
}

describe.each(backends)('current findings on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let dir: string;
  const names = Array.from({ length: 12 }, (_, i) => `lib-${String(i).padStart(2, '0')}`);
  const currentRows = async () => {
    const { rows } = await sql<{ scan_id: string; n: string }>`
      select scan_id::text, count(*) as n from scan_findings where current group by scan_id`.execute(
      store.database.db,
    );
    return Object.fromEntries(rows.map((r) => [r.scan_id, Number(r.n)]));
  };

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-current-'));
    names.forEach((name, i) => {
      fs.writeFileSync(
        path.join(dir, `${i}.json`),
        JSON.stringify(osv(`GHSA-cur-00${String(i).padStart(2, '0')}`, name)),
      );
    });
    await importAdvisories(store, local, [dir]);
    for (const project of ['alpha', 'beta', 'gamma']) await createProject(store, local, { name: project });
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("marks only the newest scan's findings current, and a match of an older scan does not change that", async () => {
    const save = (project: string, packages: InventoryPackage[]) =>
      saveScan(store, local, project, { report: report(packages), source: 'sbom', vcs, toolVersion: 't' });
    const first = await save(
      'alpha',
      names.slice(0, 4).map((n) => pkg(n, '1.0.0')),
    );
    expect(await currentRows()).toEqual({ [first.id]: 4 });
    const second = await save(
      'alpha',
      names.slice(0, 2).map((n) => pkg(n, '1.0.1')),
    );
    expect(await currentRows()).toEqual({ [second.id]: 2 });
    expect((await listFindings(store, local, { project: 'alpha' })).total).toBe(2);

    // matching the older scan again (as after an import) keeps its findings, not current
    await matchSavedScan(store, first.id, first.projectId);
    expect(await currentRows()).toEqual({ [second.id]: 2 });
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from scan_findings where scan_id = ${first.id}::uuid`.execute(store.database.db);
    expect(Number(rows[0]?.n)).toBe(4);
  });

  it('pages the whole queue once, worst first, through ties', async () => {
    await saveScan(store, local, 'beta', {
      report: report(names.map((n) => pkg(n, '2.0.0'))),
      source: 'sbom',
      vcs,
      toolVersion: 't',
    });
    await saveScan(store, local, 'gamma', {
      report: report(names.slice(3, 9).map((n) => pkg(n, '3.0.0'))),
      source: 'sbom',
      vcs,
      toolVersion: 't',
    });
    const all = await listFindings(store, local, { limit: 100 });
    expect(all.total).toBe(2 + 12 + 6);
    expect(all.items).toHaveLength(20);
    expect(all.next).toBeNull();
    const ranks = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
    const keys = all.items.map((f) => [-ranks[f.severity], -(f.score ?? -1)]);
    const sorted = [...keys].sort(
      (a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number),
    );
    expect(keys).toEqual(sorted);

    const paged: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await listFindings(store, local, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(20);
      paged.push(...page.items.map((f) => `${f.projectName} ${f.purl} ${f.advisory}`));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(paged).toEqual(all.items.map((f) => `${f.projectName} ${f.purl} ${f.advisory}`));
    expect(new Set(paged).size).toBe(20);
  });

  it('pages the queue by when findings were first seen, either way, and refuses a cursor of another order', async () => {
    for (const sort of ['-found', 'found'] as const) {
      const all = await listFindings(store, local, { limit: 100, sort });
      expect(all.items).toHaveLength(20);
      const times = all.items.map((f) => Date.parse(f.firstSeen));
      const ordered = [...times].sort((a, b) => (sort === 'found' ? a - b : b - a));
      expect(times).toEqual(ordered);
      const paged: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await listFindings(store, local, { limit: 3, sort, ...(cursor ? { cursor } : {}) });
        paged.push(...page.items.map((f) => `${f.projectName} ${f.purl} ${f.advisory}`));
        if (!page.next) break;
        cursor = page.next;
      }
      expect(paged).toEqual(all.items.map((f) => `${f.projectName} ${f.purl} ${f.advisory}`));
    }
    const queuePage = await listFindings(store, local, { limit: 3 });
    await expect(
      listFindings(store, local, { limit: 3, sort: '-found', cursor: queuePage.next ?? '' }),
    ).rejects.toMatchObject({ code: 'ERR_OSPO_CURSOR' });
    const foundPage = await listFindings(store, local, { limit: 3, sort: 'found' });
    await expect(
      listFindings(store, local, { limit: 3, cursor: foundPage.next ?? '' }),
    ).rejects.toMatchObject({
      code: 'ERR_OSPO_CURSOR',
    });
  });

  it('counts with only the filters asked for', async () => {
    expect((await listFindings(store, local, { severity: 'high' })).total).toBe(
      (await listFindings(store, local, { limit: 100 })).items.filter((f) => f.severity === 'high').length,
    );
    expect((await listFindings(store, local, { state: 'untriaged', project: 'gamma' })).total).toBe(6);
    expect((await listFindings(store, local, { q: 'lib-0' })).total).toBe(2 + 10 + 6);
  });
});
