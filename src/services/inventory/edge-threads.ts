import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type EdgeBlockInput,
  type EdgeBlockRanks,
  pieceSpace,
  planBlocks,
  sortBlocks,
  writeBlocks,
} from './edge-blocks.js';
import type { JsonStrings } from './json-report.js';
import type { MergedInventory } from './merge.js';

/** The compiled report thread; absent when running from TypeScript sources (tests), where edges are written in-process. */
const workerFile = fileURLToPath(new URL('./edge-worker.js', import.meta.url));

export function edgeThreadsAvailable(): boolean {
  return existsSync(workerFile);
}

/** Slots of shared memory per thread, each holding a piece (about a megabyte) until it is written out. */
const SLOTS = 32;

type Message =
  | { kind: 'piece'; k: number; bytes: Uint8Array; last: boolean }
  | { kind: 'done'; ranks: EdgeBlockRanks };

/** A piece as a report thread posts it: where in its slots it is. */
type Posted =
  | { kind: 'piece'; k: number; slot: number; length: number; last: boolean }
  | (Message & { kind: 'done' });

/** Shared copies of what every thread reads. */
function sharedInput(inventory: MergedInventory, table: JsonStrings, threads: number): EdgeBlockInput {
  const c = inventory.columns;
  const n = c.order.length;
  const pairs = shared(Int32Array, c.edgePairs.length);
  pairs.set(c.edgePairs);
  const rank = shared(Int32Array, n);
  rank.set(c.rank);
  const plan = planBlocks(pairs, rank, n, threads);
  const blockOf = shared(Uint16Array, n);
  blockOf.set(plan.blockOf);
  const purls = table.values;
  const joined = table.joined ?? purls.join('');
  const bytes = Buffer.byteLength(joined);
  const purlStart = shared(Int32Array, n + 1);
  const purlBytes = shared(Uint8Array, bytes);
  const into = Buffer.from(purlBytes.buffer, 0, bytes);
  const ascii = bytes === joined.length;
  if (ascii) {
    // ASCII, as purls are: bytes and characters are one and the same
    into.write(joined, 0, 'latin1');
    for (let r = 0; r < n; r++) purlStart[r + 1] = (purlStart[r] as number) + (purls[r] as string).length;
  } else {
    into.write(joined, 0, 'utf8');
    for (let r = 0; r < n; r++) {
      purlStart[r + 1] = (purlStart[r] as number) + Buffer.byteLength(purls[r] as string);
    }
  }
  const bare = table.open === '"';
  return { pairs, rank, n, blockOf, blocks: plan.blocks, purlBytes, purlStart, ascii, bare };
}

function shared<T extends Int32Array | Uint16Array | Uint8Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT));
}

/**
 * The report's edges as JSON bytes (each line starting with `,\n  `), sorted and written by `threads`
 * report threads while the caller writes something else; the pieces come in report order. Each piece
 * is a view of a thread's shared slot, valid until the next piece is asked for (the slot is then given
 * back to the thread): copy what is to be kept. The sorted edges end up in the inventory, as if it had
 * sorted them itself. A thread that fails has its remaining blocks done on this thread, from where it
 * stopped, so the output is the same.
 */
export async function* threadedEdgeBytes(
  inventory: MergedInventory,
  purls: JsonStrings,
  threads: number,
  /** For tests: another thread script (one that fails), smaller pieces. */
  options: { workerFile?: string | URL; pieceBytes?: number } = {},
): AsyncGenerator<Uint8Array> {
  const input = sharedInput(inventory, purls, threads);
  if (options.pieceBytes) input.pieceBytes = options.pieceBytes;
  const credit = new Int32Array(new SharedArrayBuffer(4 * threads)).fill(SLOTS);
  const slotBytes = pieceSpace(input);
  const queues: Message[][] = [];
  const wake: ((() => void) | null)[] = [];
  const failed: boolean[] = [];
  const done: (EdgeBlockRanks | null)[] = [];
  /** Per thread: its block being taken (k-th of its own) and the bytes of it taken so far. */
  const at: { k: number; taken: number }[] = [];
  const workers: Worker[] = [];
  const arrived = (t: number) => {
    const w = wake[t];
    wake[t] = null;
    w?.();
  };
  for (let t = 0; t < threads; t++) {
    queues.push([]);
    wake.push(null);
    failed.push(false);
    done.push(null);
    at.push({ k: 0, taken: 0 });
    const slots = new SharedArrayBuffer(SLOTS * slotBytes);
    const worker = new Worker(options.workerFile ?? workerFile, {
      workerData: { input, thread: t, threads, credit, slots, slotBytes },
    });
    worker.on('message', (m: Posted) => {
      if (failed[t]) return;
      if (m.kind === 'done') done[t] = m.ranks;
      else {
        const bytes = new Uint8Array(slots, m.slot * slotBytes, m.length);
        queues[t]?.push({ kind: 'piece', k: m.k, bytes, last: m.last });
      }
      arrived(t);
    });
    const fail = () => {
      if (failed[t] || done[t]) return;
      failed[t] = true;
      redo(t);
      arrived(t);
    };
    worker.on('error', fail);
    // a thread's last messages may still be on their way when it has exited
    worker.on('exit', () => setImmediate(fail));
    workers.push(worker);
  }
  /** A failed thread's work, done here from where the writer is in it. */
  const redo = (t: number) => {
    const queue: Message[] = [];
    const ranks = sortBlocks(input, t, threads);
    const from = at[t] as { k: number; taken: number };
    let skip = from.taken;
    writeBlocks(
      input,
      ranks,
      (k, bytes, last) => {
        if (k < from.k) return;
        let piece = bytes;
        if (k === from.k && skip > 0) {
          const drop = Math.min(skip, piece.length);
          skip -= drop;
          piece = piece.subarray(drop);
        }
        queue.push({ kind: 'piece', k, bytes: piece, last });
      },
      purls.values,
    );
    queues[t] = queue;
    done[t] = ranks;
  };
  const take = async (t: number): Promise<Message & { kind: 'piece' }> => {
    for (;;) {
      const m = queues[t]?.shift();
      if (m && m.kind === 'piece') return m;
      await new Promise<void>((resolve) => {
        wake[t] = resolve;
      });
    }
  };
  try {
    for (let b = 0; b < input.blocks; b++) {
      const t = b % threads;
      const own = at[t] as { k: number; taken: number };
      for (;;) {
        const piece = await take(t);
        if (piece.k !== own.k) throw new Error(`report thread ${t} sent block ${piece.k}, not ${own.k}`);
        own.taken += piece.bytes.length;
        if (piece.bytes.length > 0) yield piece.bytes;
        // the caller is done with the piece: its slot is the thread's again
        if (!failed[t]) {
          Atomics.add(credit, t, 1);
          Atomics.notify(credit, t);
        }
        if (piece.last) break;
      }
      own.k++;
      own.taken = 0;
    }
    for (let t = 0; t < threads; t++) {
      while (!done[t]) await new Promise<void>((resolve) => (wake[t] = resolve));
    }
    inventory.adoptSortedEdges(...interleave(done as EdgeBlockRanks[], input.blocks));
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      w.removeAllListeners('error');
      void w.terminate();
    }
  }
}

/** The threads' sorted edges put together in block order. */
function interleave(parts: readonly EdgeBlockRanks[], blocks: number): [Int32Array, Int32Array] {
  let total = 0;
  for (const p of parts) total += p.from.length;
  const from = new Int32Array(total);
  const to = new Int32Array(total);
  const threads = parts.length;
  let pos = 0;
  for (let b = 0; b < blocks; b++) {
    const p = parts[b % threads] as EdgeBlockRanks;
    const k = Math.floor(b / threads);
    const start = k > 0 ? (p.ends[k - 1] as number) : 0;
    const end = p.ends[k] as number;
    from.set(p.from.subarray(start, end), pos);
    to.set(p.to.subarray(start, end), pos);
    pos += end - start;
  }
  return [from, to];
}
