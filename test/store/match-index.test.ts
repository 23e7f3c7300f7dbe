import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIRTY, MANIFEST, MatchIndex, matchIndexDir } from '../../src/core/match-index.js';
import type { Actor } from '../../src/services/actor.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import { type MatchInput, matchInventory } from '../../src/services/vulnerabilities/match.js';
import { migrations, type OpenStore, openStore } from '../../src/store/index.js';
import { MAX_SEGMENTS } from '../../src/store/match-index.js';
import { LATEST_MIGRATION } from '../../src/store/migrations/latest.js';
import { backends, freshPgliteDir } from '../support/stores.js';

// The match index beside a PGlite store (core/match-index.ts, store/match-index.ts): kept current by
// imports, marked dirty by any other write, and giving the same findings as the store's own rows.

const local: Actor = { kind: 'local', name: 'test' };
let inputs: string;
let counter = 0;

const osv = (id: string, name: string, fixed: string, extra: Record<string, unknown> = {}) => ({
  schema_version: '1.6.0',
  id,
  modified: '2024-05-01T00:00:00Z',
  aliases: [`CVE-${id}`],
  summary: `${id} summary`,
  affected: [
    {
      package: { ecosystem: 'npm', name },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
    { package: { ecosystem: 'PyPI', name: name.toUpperCase() }, versions: ['1.0.0'] },
  ],
  ...extra,
});

/** A folder of these records, to import. */
function folder(records: unknown[]): string {
  const dir = path.join(inputs, `set-${counter++}`);
  fs.mkdirSync(dir);
  records.forEach((r, i) => {
    fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(r));
  });
  return dir;
}

const inventory: MatchInput = {
  packages: ['a', 'b', 'c', 'd', 'e'].flatMap((name) => [
    {
      purl: `pkg:npm/${name}@1.5.0`,
      ecosystem: 'npm',
      name,
      version: '1.5.0',
      direct: true,
      scope: 'prod',
      locations: [],
      licenses: [],
    },
    {
      purl: `pkg:pypi/${name}@1.0.0`,
      ecosystem: 'PyPI',
      name,
      version: '1.0.0',
      direct: true,
      scope: 'prod',
      locations: [],
      licenses: [],
    },
  ]) as MatchInput['packages'],
  dependencies: [],
};

/** Findings through the index (the store's own repositories) and from the store's rows (a transaction's). */
async function bothWays(store: OpenStore) {
  const viaIndex = await matchInventory(store, inventory, { worker: false });
  const viaRows = await store.transaction((repos) => matchInventory({ repos }, inventory, { worker: false }));
  return { viaIndex, viaRows };
}

const ids = (report: Awaited<ReturnType<typeof matchInventory>>) =>
  report.findings.map((f) => `${f.purl} ${f.advisory} ${f.fixed.join('|')}`).sort();

beforeAll(() => {
  inputs = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-match-index-in-'));
});
afterAll(() => fs.rmSync(inputs, { recursive: true, force: true }));

describe('the match index of a PGlite store', () => {
  let dataDir: string;
  let store: OpenStore;
  const dir = () => matchIndexDir(dataDir);
  const current = () => {
    const index = MatchIndex.open(dir(), LATEST_MIGRATION);
    index?.close();
    return index !== null;
  };
  beforeEach(async () => {
    dataDir = freshPgliteDir();
    store = await openStore({ kind: 'pglite', dataDir });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the last migration', () => {
    expect(LATEST_MIGRATION).toBe(migrations.at(-1)?.id);
  });

  it('is made by a first import and follows later ones: records replaced, withdrawn and added', async () => {
    expect(current()).toBe(false);
    const steps: string[] = [];
    await importAdvisories(
      store,
      local,
      [folder([osv('GHSA-1', 'a', '2.0.0'), osv('GHSA-2', 'b', '2.2.0'), osv('GHSA-3', 'c', '9.0.0')])],
      { onStep: (step) => steps.push(step) },
    );
    expect(steps).toEqual(['updating the match index', 'matching saved scans again']);
    expect(current()).toBe(true);
    let { viaIndex, viaRows } = await bothWays(store);
    expect(ids(viaIndex)).toEqual(ids(viaRows));
    expect(ids(viaIndex)).toContain('pkg:npm/a@1.5.0 GHSA-1 2.0.0');

    // GHSA-1 now fixed in 1.4.0 (no longer affects a@1.5.0), GHSA-3 withdrawn, GHSA-4 new, GHSA-2 older (kept)
    const later = '2024-06-01T00:00:00Z';
    const report = await importAdvisories(store, local, [
      folder([
        osv('GHSA-1', 'a', '1.4.0', { modified: later }),
        osv('GHSA-3', 'c', '9.0.0', { modified: later, withdrawn: later }),
        osv('GHSA-4', 'd', '3.0.0'),
        osv('GHSA-2', 'b', '0.0.1', { modified: '2020-01-01T00:00:00Z' }),
      ]),
    ]);
    expect(report).toMatchObject({ inserted: 1, updated: 2, unchanged: 1 });
    expect(current()).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir(), MANIFEST), 'utf8'));
    expect(manifest).toMatchObject({ records: 4, schema: LATEST_MIGRATION });
    expect(manifest.segments).toHaveLength(2);
    ({ viaIndex, viaRows } = await bothWays(store));
    expect(ids(viaIndex)).toEqual(ids(viaRows));
    expect(ids(viaIndex)).not.toContain('pkg:npm/a@1.5.0 GHSA-1 2.0.0');
    expect(ids(viaIndex)).toContain('pkg:pypi/a@1.0.0 GHSA-1 ');
    expect(ids(viaIndex).join('\n')).not.toMatch(/GHSA-3/);
    expect(ids(viaIndex)).toContain('pkg:npm/d@1.5.0 GHSA-4 3.0.0');
    expect(ids(viaIndex)).toContain('pkg:npm/b@1.5.0 GHSA-2 2.2.0');
    expect(JSON.stringify(viaIndex)).toBe(JSON.stringify(viaRows));
  });

  it('goes dirty at any other write, and the next import rebuilds it from the store', async () => {
    await importAdvisories(store, local, [folder([osv('GHSA-1', 'a', '2.0.0')])]);
    expect(current()).toBe(true);
    await store.repos.advisories.upsert([
      {
        id: 'GHSA-9',
        modified: '2024-01-01T00:00:00Z',
        published: null,
        withdrawn: null,
        aliases: [],
        summary: null,
        severity: [],
        record: { id: 'GHSA-9' },
        affected: [{ ecosystem: 'npm', ecosystemFull: 'npm', name: 'e', ranges: [], versions: ['1.5.0'] }],
      },
    ]);
    expect(fs.existsSync(path.join(dir(), DIRTY))).toBe(true);
    expect(current()).toBe(false);
    // matching reads the store meanwhile, and sees the new record
    const meanwhile = await matchInventory(store, inventory, { worker: false });
    expect(ids(meanwhile)).toContain('pkg:npm/e@1.5.0 GHSA-9 ');

    await importAdvisories(store, local, [folder([osv('GHSA-5', 'b', '2.0.0')])]);
    expect(current()).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir(), MANIFEST), 'utf8'));
    expect(manifest.segments).toHaveLength(1);
    expect(fs.readdirSync(dir()).filter((f) => f.endsWith('.seg'))).toHaveLength(1);
    const { viaIndex, viaRows } = await bothWays(store);
    expect(ids(viaIndex)).toEqual(ids(viaRows));
    expect(ids(viaIndex)).toContain('pkg:npm/e@1.5.0 GHSA-9 ');
    expect(ids(viaIndex)).toContain('pkg:npm/b@1.5.0 GHSA-5 2.0.0');
  });

  it('stays dirty when an import fails, and is rebuilt after MAX_SEGMENTS imports', async () => {
    await importAdvisories(store, local, [folder([osv('GHSA-1', 'a', '2.0.0')])]);
    // an archive that is refused stops the import with an error
    const evil = path.join(inputs, 'evil.zip');
    fs.writeFileSync(
      evil,
      zipSync({ '../escape.json': strToU8(JSON.stringify(osv('GHSA-7', 'e', '1.0.0'))) }),
    );
    await expect(importAdvisories(store, local, [evil])).rejects.toThrow(/traversal|outside|refus/i);
    expect(current()).toBe(false);
    await importAdvisories(store, local, [folder([osv('GHSA-2', 'b', '2.0.0')])]);
    expect(current()).toBe(true);
    for (let i = 0; i < MAX_SEGMENTS; i++)
      await importAdvisories(store, local, [folder([osv(`GHSA-1${i}`, 'c', `2.0.${i}`)])]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir(), MANIFEST), 'utf8'));
    expect(manifest.segments.length).toBeLessThanOrEqual(MAX_SEGMENTS);
    expect(manifest.segments.length).toBeLessThan(MAX_SEGMENTS + 1);
    const { viaIndex, viaRows } = await bothWays(store);
    expect(ids(viaIndex)).toEqual(ids(viaRows));
    expect(viaIndex.findings.filter((f) => f.name === 'c')).toHaveLength(2 * MAX_SEGMENTS);
  });

  it('stays dirty when a rebuild ends while an import is under way', async () => {
    await importAdvisories(store, local, [folder([osv('GHSA-1', 'a', '2.0.0')])]);
    const host = store.matchIndex as NonNullable<OpenStore['matchIndex']> & { rebuild(): Promise<void> };
    const update = await host.begin();
    await host.rebuild();
    expect(current()).toBe(false);
    await update.commit({ upserts: 0, segment: null });
    expect(current()).toBe(true);
  });

  it('is rebuilt when a store of an earlier version, with advisories and no index, imports', async () => {
    await importAdvisories(store, local, [
      folder([osv('GHSA-1', 'a', '2.0.0'), osv('GHSA-2', 'b', '2.0.0')]),
    ]);
    fs.rmSync(dir(), { recursive: true });
    await store.close();
    store = await openStore({ kind: 'pglite', dataDir });
    const stale = await matchInventory(store, inventory, { worker: false });
    expect(stale.findings.length).toBeGreaterThan(0);
    await importAdvisories(store, local, [folder([osv('GHSA-3', 'c', '2.0.0')])]);
    expect(current()).toBe(true);
    const { viaIndex, viaRows } = await bothWays(store);
    expect(ids(viaIndex)).toEqual(ids(viaRows));
    expect(new Set(viaIndex.findings.map((f) => f.advisory))).toEqual(
      new Set(['GHSA-1', 'GHSA-2', 'GHSA-3']),
    );
  });
});

describe.each(backends)('matching on $name', (backend) => {
  it('finds the same whether or not the store keeps a match index', async () => {
    const { store, dispose } = await backend.fresh();
    try {
      expect(store.matchIndex !== undefined).toBe(backend.name === 'pglite');
      await importAdvisories(store, local, [
        folder([osv('GHSA-1', 'a', '2.0.0'), osv('GHSA-2', 'b', '1.0.0')]),
      ]);
      const found = await matchInventory(store, inventory, { worker: false });
      expect(ids(found)).toEqual([
        'pkg:npm/a@1.5.0 GHSA-1 2.0.0',
        'pkg:pypi/a@1.0.0 GHSA-1 ',
        'pkg:pypi/b@1.0.0 GHSA-2 ',
      ]);
    } finally {
      await dispose();
    }
  });
});
