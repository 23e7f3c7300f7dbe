import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResultEncoder } from './compact.js';
import {
  type EdgeBlockInput,
  type EdgeBlockRanks,
  pieceSpace,
  planBlocks,
  sortBlocks,
  writeBlocks,
} from './edge-blocks.js';
import { jsonReportBytes } from './json-report.js';
import { InventoryMerger, type MergedInventory } from './merge.js';
import { mergedReport } from './report.js';

/** A merged inventory of files whose edges join purls drawn from a small pool (so repeats abound). */
function inventoryOf(files: { names: string[]; edges: [number, number][] }[]): MergedInventory {
  const encoder = new ResultEncoder();
  const merger = new InventoryMerger();
  files.forEach((f, i) => {
    const purl = (name: string) => `pkg:npm/${encodeURIComponent(name)}@1.0.0`;
    const packages = f.names.map((name) => ({
      ecosystem: 'npm' as const,
      name,
      version: '1.0.0',
      purl: purl(name),
      scope: 'prod' as const,
      direct: null,
      licenses: [],
    }));
    const pool = [...f.names.map(purl), 'pkg:npm/root@0.0.0'];
    const edges = f.edges.map(([a, b]) => ({
      from: pool[a % pool.length] as string,
      to: pool[b % pool.length] as string,
    }));
    const compact = encoder.encode({ packages, edges, warnings: [] });
    merger.register(0, compact);
    merger.merge(0, compact, `p${i}/package-lock.json`);
  });
  return merger.finish();
}

/** What the report threads read, built as edge-threads.ts builds it (without shared memory). */
function inputOf(inventory: MergedInventory, threads: number): EdgeBlockInput {
  const c = inventory.columns;
  const n = c.order.length;
  const quoted = Array.from({ length: n }, (_, r) => JSON.stringify(inventory.purl(r)));
  const { blockOf, blocks } = planBlocks(c.edgePairs, c.rank, n, threads);
  const purlStart = new Int32Array(n + 1);
  for (let r = 0; r < n; r++)
    purlStart[r + 1] = (purlStart[r] as number) + Buffer.byteLength(quoted[r] as string);
  const purlBytes = Buffer.from(quoted.join(''));
  const ascii = purlBytes.length === quoted.join('').length;
  return { pairs: c.edgePairs, rank: c.rank, n, blockOf, blocks, purlBytes, purlStart, ascii };
}

/** The threads' pieces put together in report order, as the writer takes them. */
function writtenByThreads(input: EdgeBlockInput, threads: number): { text: string; ranks: EdgeBlockRanks[] } {
  const pieces: Uint8Array[][][] = [];
  const ranks: EdgeBlockRanks[] = [];
  for (let t = 0; t < threads; t++) {
    const own: Uint8Array[][] = [];
    const sorted = sortBlocks(input, t, threads);
    ranks.push(sorted);
    let closed = true;
    // one buffer, written over piece after piece as a thread's slots are: each piece is copied at once
    const slot = new Uint8Array(pieceSpace(input));
    writeBlocks(
      input,
      sorted,
      (k, bytes, last) => {
        expect(closed || own.length === k + 1).toBe(true);
        expect(bytes.buffer).toBe(slot.buffer);
        if (closed) own.push([]);
        own[k]?.push(Buffer.from(bytes));
        closed = last;
      },
      undefined,
      () => slot,
    );
    expect(closed).toBe(true);
    pieces.push(own);
  }
  const inOrder: Uint8Array[] = [];
  for (let b = 0; b < input.blocks; b++) {
    const block = pieces[b % threads]?.[Math.floor(b / threads)];
    expect(block, `block ${b}`).toBeDefined();
    inOrder.push(...(block ?? []));
  }
  return { text: Buffer.concat(inOrder).toString('utf8'), ranks };
}

/** Longer than a whole piece's buffer: its lines are split over several pieces. */
const huge = 'h'.repeat(9000);
const names = fc.array(
  fc.constantFrom('a', 'b', 'c', 'dé', '"q', '😀', 'x\\y', 'long-name-of-a-package', huge, `${huge}é`),
  { maxLength: 8 },
);
const files = fc.array(
  fc.record({ names, edges: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 20 }) }),
  { maxLength: 12 },
);

describe('edge blocks for report threads', () => {
  it('write, over any number of threads, exactly the edges the report writes on one thread', () => {
    fc.assert(
      fc.property(
        files,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(undefined, 16, 1000),
        (raw, threads, piece) => {
          const inventory = inventoryOf(raw);
          const input = inputOf(inventory, threads);
          if (piece !== undefined) input.pieceBytes = piece;
          const { text } = writtenByThreads(input, threads);
          const report = Buffer.concat([...jsonReportBytes(mergedReport(inventory, [], []))]).toString(
            'utf8',
          );
          const section = report.slice(
            report.indexOf('"dependencies": [') + '"dependencies": ['.length,
            report.indexOf('\n"files": ['),
          );
          // the threads start every line with a comma; the writer drops the first
          const expected = section.replace(/\n?\],?$/, '');
          expect(text.replace(/^,/, '')).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sort each thread’s blocks so that, put together, they are the inventory’s sorted edges', () => {
    fc.assert(
      fc.property(files, fc.integer({ min: 1, max: 4 }), (raw, threads) => {
        const inventory = inventoryOf(raw);
        const input = inputOf(inventory, threads);
        const { ranks } = writtenByThreads(input, threads);
        const from: number[] = [];
        const to: number[] = [];
        for (let b = 0; b < input.blocks; b++) {
          const part = ranks[b % threads] as EdgeBlockRanks;
          const k = Math.floor(b / threads);
          const start = k > 0 ? (part.ends[k - 1] as number) : 0;
          for (let i = start; i < (part.ends[k] as number); i++) {
            from.push(part.from[i] as number);
            to.push(part.to[i] as number);
          }
        }
        const sorted = inventory.sortedEdges();
        expect(from).toEqual([...sorted.from]);
        expect(to).toEqual([...sorted.to]);
      }),
      { numRuns: 200 },
    );
  });

  it('lays out blocks of about the same number of edges, over ranks in order', () => {
    const n = 1000;
    const rank = Int32Array.from({ length: n }, (_, i) => i);
    // ranks 0-99 have 10 edges each, the others 1
    const pairs: number[] = [];
    for (let r = 0; r < n; r++) for (let e = 0; e < (r < 100 ? 10 : 1); e++) pairs.push(r, (r + 1) % n);
    const { blockOf, blocks } = planBlocks(Int32Array.from(pairs), rank, n, 2);
    expect(blocks).toBe(32);
    for (let r = 1; r < n; r++) expect(blockOf[r]).toBeGreaterThanOrEqual(blockOf[r - 1] as number);
    const perBlock = new Array(blocks).fill(0);
    for (let r = 0; r < n; r++) perBlock[blockOf[r] as number] += r < 100 ? 10 : 1;
    // 1,900 edges over 32 blocks: about 60 each
    for (const count of perBlock.slice(0, -1)) expect(count).toBeLessThanOrEqual(70);
  });
});
