import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../../bench/generate-monorepo.js';

// The report's edges are sorted and written by report threads in the built CLI (from the TypeScript
// sources, as in the other tests, they are written in-process). Both must give the same bytes.
const bin = path.resolve('bin/ospo.js');
const dist = path.resolve('dist/services/inventory');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-report-threads-'));
  generateMonorepo({ out: path.join(root, 'tree'), filesPerFormat: 3, packagesPerFile: 1000 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scan(extra: string[]): Buffer {
  const out = path.join(root, `out-${extra.join('-') || 'default'}.json`);
  const result = spawnSync(process.execPath, [bin, 'scan', 'tree', '-f', 'json', '-o', out, ...extra], {
    encoding: 'utf8',
    cwd: root,
  });
  expect(result.status, result.stderr).toBe(0);
  return fs.readFileSync(out);
}

interface DistModules {
  ResultEncoder: new () => { encode(r: unknown): unknown };
  InventoryMerger: new () => {
    register(s: number, c: unknown): void;
    merge(s: number, c: unknown, where: string): void;
    finish(): { sortedEdges(): { from: Int32Array; to: Int32Array } };
  };
  mergedReport: (inventory: unknown, files: unknown[], errors: unknown[]) => unknown;
  jsonReportBytes: (report: unknown) => Iterable<Buffer>;
  jsonReportChunks: (report: unknown, o: { threads: number; reuse?: boolean }) => AsyncIterable<Buffer>;
  threadedEdgeBytes: (
    inventory: unknown,
    purls: { values: string[]; open: string },
    threads: number,
    o: { workerFile?: string; pieceBytes?: number },
  ) => AsyncIterable<Uint8Array>;
}

async function distModules(): Promise<DistModules> {
  const load = (file: string) => import(pathToFileURL(path.join(dist, file)).href);
  const [compact, merge, report, json, threads] = await Promise.all(
    ['compact.js', 'merge.js', 'report.js', 'json-report.js', 'edge-threads.js'].map(load),
  );
  return { ...compact, ...merge, ...report, ...json, ...threads } as DistModules;
}

/** An inventory of 60 files with 1,500 packages each and about 90,000 distinct edges. */
function bigInventory(m: DistModules, odd = false) {
  const encoder = new m.ResultEncoder();
  const merger = new m.InventoryMerger();
  for (let f = 0; f < 60; f++) {
    // with `odd`, one purl in 4,000 has characters JSON escapes
    const purl = (i: number) => {
      const n = (i * 7 + f) % 4000;
      return `pkg:npm/p${n}${odd && n === 17 ? '"\\' : ''}@${i % 3}.0.0`;
    };
    const packages = Array.from({ length: 1500 }, (_, i) => ({
      ecosystem: 'npm',
      name: `p${(i * 7 + f) % 4000}`,
      version: `${i % 3}.0.0`,
      purl: purl(i),
      scope: 'prod',
      direct: i < 10,
      licenses: [],
    }));
    const edges = packages.flatMap((p, i) => [
      { from: p.purl, to: purl((i * 13 + 1) % 1500) },
      { from: p.purl, to: purl((i * 31 + f) % 1500) },
    ]);
    const compact = encoder.encode({ packages, edges, warnings: [] });
    merger.register(0, compact);
    merger.merge(0, compact, `p${f}/package-lock.json`);
  }
  return merger;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('report threads (built CLI)', () => {
  it('ospo scan -f json writes the same bytes with report threads as without', () => {
    expect(fs.existsSync(bin), 'run npm run build first').toBe(true);
    const single = scan(['--workers', '0']);
    const threaded = scan([]);
    expect(threaded.equals(single)).toBe(true);
    expect(scan(['--workers', '1']).equals(single)).toBe(true);
    const report = JSON.parse(single.toString('utf8')) as { dependencies: unknown[] };
    // enough edges for the threads to be used
    expect(report.dependencies.length).toBeGreaterThan(50_000);
  });

  it('jsonReportChunks gives jsonReportBytes’s bytes and leaves the sorted edges in the inventory', async () => {
    const m = await distModules();
    const expected = Buffer.concat([...m.jsonReportBytes(m.mergedReport(bigInventory(m).finish(), [], []))]);
    const merger = bigInventory(m);
    const inventory = merger.finish();
    const threaded = await collect(m.jsonReportChunks(m.mergedReport(inventory, [], []), { threads: 3 }));
    expect(threaded.equals(expected)).toBe(true);
    const fresh = bigInventory(m).finish().sortedEdges();
    expect([...inventory.sortedEdges().from]).toEqual([...fresh.from]);
    expect([...inventory.sortedEdges().to]).toEqual([...fresh.to]);
    // purls the writers must escape rather than merely quote
    const odd = Buffer.concat([...m.jsonReportBytes(m.mergedReport(bigInventory(m, true).finish(), [], []))]);
    expect(odd.toString('utf8')).toContain('"pkg:npm/p17\\"\\\\@');
    const oddThreaded = await collect(
      m.jsonReportChunks(m.mergedReport(bigInventory(m, true).finish(), [], []), { threads: 2 }),
    );
    expect(oddThreaded.equals(odd)).toBe(true);
    JSON.parse(odd.toString('utf8'));
  });

  it('keeps its chunks unless asked to reuse them; reused, each holds the right bytes until the next', async () => {
    const m = await distModules();
    const expected = Buffer.concat([...m.jsonReportBytes(m.mergedReport(bigInventory(m).finish(), [], []))]);
    // kept as they come, not copied: without reuse no chunk is written over later
    const kept: Buffer[] = [];
    for await (const c of m.jsonReportChunks(m.mergedReport(bigInventory(m).finish(), [], []), {
      threads: 2,
    }))
      kept.push(c);
    expect(Buffer.concat(kept).equals(expected)).toBe(true);
    // copied as each comes
    const reused = m.jsonReportChunks(m.mergedReport(bigInventory(m).finish(), [], []), {
      threads: 2,
      reuse: true,
    });
    const copied = await collect(reused);
    expect(copied.equals(expected)).toBe(true);
  });

  it('redoes a failed thread’s blocks on the main thread, from where it stopped', async () => {
    const m = await distModules();
    const inventory = bigInventory(m).finish() as unknown as {
      columns: { order: Int32Array };
      purl(r: number): string;
    };
    const purls = Array.from({ length: inventory.columns.order.length }, (_, r) =>
      JSON.stringify(inventory.purl(r)),
    );
    // pieces of 16 KB: a thread dies inside one of its blocks
    const small = { pieceBytes: 1 << 14 };
    const table = { values: purls, open: '' };
    const expected = await collect(m.threadedEdgeBytes(inventory, table, 2, small));
    // a thread that sends its first three pieces, then dies; and one that dies at once
    const dying = path.join(root, 'dying-worker.mjs');
    const blocks = pathToFileURL(path.join(dist, 'edge-blocks.js')).href;
    fs.writeFileSync(
      dying,
      `import { parentPort, workerData } from 'node:worker_threads';
import { sortBlocks, writeBlocks } from ${JSON.stringify(blocks)};
const { input, thread, threads, credit, slots, slotBytes } = workerData;
if (thread === 1) throw new Error('dies at once');
const full = Atomics.load(credit, thread);
let next = 0;
const space = () => {
  while (Atomics.load(credit, thread) === 0) Atomics.wait(credit, thread, 0, 50);
  Atomics.sub(credit, thread, 1);
  const slot = next;
  next = (next + 1) % (slots.byteLength / slotBytes);
  return new Uint8Array(slots, slot * slotBytes, slotBytes);
};
let sent = 0;
writeBlocks(input, sortBlocks(input, thread, threads), (k, bytes, last) => {
  if (sent++ === 3) {
    // once the writer has taken the three pieces (four slots taken, three given back), so that it is
    // inside the first block
    while (Atomics.load(credit, thread) !== full - 1) Atomics.wait(credit, thread, Atomics.load(credit, thread), 50);
    throw new Error('dies half-way');
  }
  parentPort.postMessage({ kind: 'piece', k, slot: bytes.byteOffset / slotBytes, length: bytes.length, last });
}, undefined, space);
`,
    );
    expect(expected.length).toBeGreaterThan(64 * (1 << 14));
    const recovered = await collect(
      m.threadedEdgeBytes(inventory, table, 2, { ...small, workerFile: dying }),
    );
    expect(recovered.equals(expected)).toBe(true);
  });
});
