import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Matching shares its evaluation with a worker thread in the build (from the TypeScript sources, as
// in the other tests, it evaluates in-process). Both must give the same report.
const dist = path.resolve('dist');
const load = (file: string) => import(pathToFileURL(path.join(dist, file)).href);

interface Pkg {
  ecosystem: string;
  name: string;
  version: string | null;
  purl: string;
  scope: string;
  direct: boolean;
  licenses: string[];
  locations: { path: string }[];
}

type Match = (
  store: unknown,
  input: { packages: Pkg[]; dependencies: { from: string; to: string }[] },
  options?: { worker?: boolean; workerScript?: string },
) => Promise<{ findings: unknown[]; problems: unknown[] }>;

let root: string;
interface Repos {
  advisories: { upsert(records: unknown[]): Promise<unknown> };
}
let store: { close(): Promise<void>; transaction(fn: (r: Repos) => Promise<unknown>): Promise<unknown> };
let matchInventory: Match;
const inventory: { packages: Pkg[]; dependencies: { from: string; to: string }[] } = {
  packages: [],
  dependencies: [],
};

const severity = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }];
const ecosystems = ['npm', 'PyPI', 'Maven', 'Go', 'crates.io'];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-match-worker-'));
  const { openStore } = await load('store/index.js');
  ({ matchInventory } = await load('services/vulnerabilities/match.js'));
  store = await openStore({ kind: 'pglite', dataDir: root });
  // advisories over five ecosystems (one chunk each), pairs sharing an alias, some with a version
  // its ordering cannot read
  const records: unknown[] = [];
  for (let i = 0; i < 400; i++) {
    const ecosystem = ecosystems[i % ecosystems.length] as string;
    records.push({
      id: `GHSA-${i}`,
      modified: '2024-01-01T00:00:00Z',
      published: null,
      withdrawn: null,
      aliases: [`CVE-${Math.floor(i / 2)}`],
      summary: `advisory ${i}`,
      severity: i % 3 ? severity : [],
      record: { id: `GHSA-${i}` },
      affected: [
        {
          ecosystem,
          ecosystemFull: ecosystem,
          name: `pkg-${i % 90}`,
          ranges: [
            {
              type: ecosystem === 'npm' || ecosystem === 'crates.io' ? 'SEMVER' : 'ECOSYSTEM',
              events: [{ introduced: '0' }, { fixed: i % 17 === 0 ? 'not a version!' : `1.${i % 7}.0` }],
            },
          ],
          versions: [],
        },
      ],
    });
  }
  await store.transaction((r) => r.advisories.upsert(records));
  for (let i = 0; i < 600; i++) {
    const ecosystem = ecosystems[i % ecosystems.length] as string;
    const name = `pkg-${i % 90}`;
    const version = `1.${i % 9}.${i % 4}`;
    const purl = `pkg:${ecosystem.toLowerCase()}/${name}@${version}-${i}`;
    inventory.packages.push({
      ecosystem,
      name,
      version,
      purl,
      scope: 'prod',
      direct: i % 10 === 0,
      licenses: [],
      locations: [{ path: 'lockfile' }],
    });
    if (i % 10 !== 0)
      inventory.dependencies.push({ from: inventory.packages[i - (i % 10)]?.purl as string, to: purl });
  }
});

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('matching with a worker thread', () => {
  it('gives the report of matching in one thread: findings, aliases, paths and problems', async () => {
    const alone = await matchInventory(store, inventory, { worker: false });
    const shared = await matchInventory(store, inventory, { worker: true });
    expect(alone.findings.length).toBeGreaterThan(100);
    expect(alone.problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(shared)).toBe(JSON.stringify(alone));
  });

  it('stops with a coded error when the worker fails or dies, whatever it held', async () => {
    // a worker script that answers every chunk with `onChunk`
    const matchWith = (name: string, onChunk: string) => {
      const script = path.join(root, `${name}.mjs`);
      fs.writeFileSync(
        script,
        `import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => ${onChunk});\n`,
      );
      return matchInventory(store, inventory, { worker: true, workerScript: script });
    };
    await expect(
      matchWith('failing', "parentPort.postMessage({ kind: 'error', message: 'broken' })"),
    ).rejects.toMatchObject({ code: 'ERR_OSPO_MATCH_WORKER', message: expect.stringContaining('broken') });
    await expect(matchWith('dying', 'process.exit(3)')).rejects.toMatchObject({
      code: 'ERR_OSPO_MATCH_WORKER',
      message: expect.stringContaining('exit code 3'),
    });
  });
});
