import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OspoError } from '../../src/core/errors.js';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import type { Actor } from '../../src/services/actor.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import {
  diffScans,
  getScan,
  listScanPackages,
  listScans,
  saveScan,
} from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };

function pkg(name: string, version: string | null, extra: Partial<InventoryPackage> = {}): InventoryPackage {
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: purlFor('npm', name, version),
    scope: 'prod',
    direct: true,
    licenses: ['MIT'],
    locations: [{ path: 'package-lock.json' }],
    ...extra,
  };
}

function report(packages: InventoryPackage[]): ScanReport {
  return {
    packages,
    dependencies: packages.slice(1).map((p) => ({ from: 'pkg:npm/app@1.0.0', to: p.purl })),
    files: [
      { path: 'package-lock.json', format: 'npm-package-lock', packages: packages.length, warnings: [] },
    ],
    errors: [],
  };
}

const vcs = { commit: 'a'.repeat(40), branch: 'main' };

describe.each(backends)('scans on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    await createProject(store, local, { name: 'shop' });
  });
  afterAll(() => dispose());

  it('saves a large scan in batches and reads its packages back in pages, filtered', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => pkg(`pkg-${String(i).padStart(5, '0')}`, '1.0.0'));
    many.push(pkg('@scope/dev-tool', '2.0.0', { scope: 'dev', direct: false, licenses: [] }));
    const saved = await saveScan(store, local, 'shop', {
      report: report(many),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    expect(saved).toMatchObject({ packageCount: 12_001, edgeCount: 12_000, fileCount: 1, vcsBranch: 'main' });

    const first = await listScanPackages(store, local, saved.id, { limit: 500 });
    expect(first.items).toHaveLength(500);
    expect(first.items[0]?.purl).toBe('pkg:npm/%40scope/dev-tool@2.0.0');
    const second = await listScanPackages(store, local, saved.id, {
      limit: 500,
      cursor: first.next ?? undefined,
    });
    expect((second.items[0]?.purl ?? '') > (first.items[499]?.purl ?? '')).toBe(true);

    const dev = await listScanPackages(store, local, saved.id, { limit: 50, scope: 'dev' });
    expect(dev.items.map((p) => [p.name, p.direct, p.licenses])).toEqual([['@scope/dev-tool', false, []]]);
    const named = await listScanPackages(store, local, saved.id, { limit: 50, q: 'PKG-0001' });
    expect(named.items).toHaveLength(10);
    const detail = await getScan(store, local, saved.id);
    expect(detail.files[0]?.format).toBe('npm-package-lock');
  });

  it('lists scans newest first, a page at a time, and diffs two scans', async () => {
    const before = await saveScan(store, local, 'shop', {
      report: report([pkg('app', '1.0.0'), pkg('a', '1.0.0'), pkg('gone', '0.1.0'), pkg('same', '3.0.0')]),
      source: 'path',
      vcs,
      toolVersion: 't',
    });
    const after = await saveScan(store, local, 'SHOP', {
      report: report([pkg('app', '1.0.0'), pkg('a', '1.2.0'), pkg('new', '5.0.0'), pkg('same', '3.0.0')]),
      source: 'sbom',
      vcs: { commit: null, branch: null },
      toolVersion: 't',
    });
    const page1 = await listScans(store, local, 'shop', { limit: 2 });
    expect(page1.items.map((s) => s.id)).toEqual([after.id, before.id]);
    const page2 = await listScans(store, local, 'shop', { limit: 2, cursor: page1.next ?? undefined });
    expect(page2.items).toHaveLength(1);
    expect(page2.next).toBeNull();

    const diff = await diffScans(store, local, before.id, after.id);
    expect(diff.added.map((p) => p.name)).toEqual(['new']);
    expect(diff.removed.map((p) => p.name)).toEqual(['gone']);
    expect(diff.changed).toEqual([{ ecosystem: 'npm', name: 'a', from: ['1.0.0'], to: ['1.2.0'] }]);
  });

  it('stores nothing of a scan that fails half-way', async () => {
    const count = (await listScans(store, local, 'shop', { limit: 500 })).items.length;
    const bad = report([pkg('ok', '1.0.0'), pkg('bad', '1.0.0', { scope: 'nonsense' as 'prod' })]);
    await expect(
      saveScan(store, local, 'shop', { report: bad, source: 'path', vcs, toolVersion: 't' }),
    ).rejects.toThrow();
    expect((await listScans(store, local, 'shop', { limit: 500 })).items.length).toBe(count);
  });

  it('answers unknown projects and scans with NOT_FOUND', async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'none',
        (e: OspoError) => e.code,
      );
    expect(await code(listScans(store, local, 'nope', { limit: 5 }))).toBe('ERR_OSPO_NOT_FOUND');
    expect(await code(getScan(store, local, '00000000-0000-4000-8000-000000000000'))).toBe(
      'ERR_OSPO_NOT_FOUND',
    );
    expect(await code(getScan(store, local, 'not-a-uuid'))).toBe('ERR_OSPO_NOT_FOUND');
  });

  it('caches extraction results by content hash and extractor version', async () => {
    const cache = store.repos.extractionCache;
    expect(await cache.get('h1', 'cargo-lock', 1)).toBeNull();
    await cache.put('h1', 'cargo-lock', 1, {
      packages: [],
      edges: [],
      warnings: [{ code: 'X', message: 'y' }],
    });
    await cache.put('h1', 'cargo-lock', 1, { packages: [], edges: [], warnings: [] }); // first write wins
    expect(await cache.get('h1', 'cargo-lock', 1)).toEqual({
      packages: [],
      edges: [],
      warnings: [{ code: 'X', message: 'y' }],
    });
    expect(await cache.get('h1', 'cargo-lock', 2)).toBeNull();
  });
});
