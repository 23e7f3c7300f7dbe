/**
 * The report's dependency edges, sorted and written as JSON bytes in blocks, so that several threads can
 * each do some of the blocks while the main thread writes the packages. A block is a range of dependent
 * ranks (purl order) holding about the same number of edges as the others; block b belongs to thread
 * b % threads. Every thread reads the same inputs (shared memory when they are threads) and writes, for
 * each of its blocks in order, the block's distinct edges sorted by dependent, then by dependency.
 * Concatenated in block order, the blocks' bytes are the edges of the report, each line starting with
 * `,\n  ` (the reader drops the very first comma).
 */

export interface EdgeBlockInput {
  /** Raw edges as pairs of merger ids, repeats included. */
  pairs: Int32Array;
  /** id -> rank (position of its purl in sorted order). */
  rank: Int32Array;
  /** Number of ranks (purls). */
  n: number;
  /** rank -> block, for the ranks that are dependents. */
  blockOf: Uint16Array;
  blocks: number;
  /**
   * The purls in UTF-8, by rank: rank r is bytes purlStart[r]..purlStart[r + 1]. As JSON strings, or
   * with `bare` the purls themselves, which need no escaping: the writer puts the quotes around them.
   */
  purlBytes: Uint8Array;
  purlStart: Int32Array;
  bare?: boolean;
  /** Every purl is ASCII (as purls are), so bytes and characters are one and the same. */
  ascii: boolean;
  /** The size of the pieces posted; default PIECE_BYTES. */
  pieceBytes?: number;
}

/** Sorted, distinct edges of a thread's blocks, as ranks, with where each of its blocks ends. */
export interface EdgeBlockRanks {
  from: Int32Array;
  to: Int32Array;
  /** For each of the thread's blocks in order: the index in from/to after its last edge. */
  ends: Int32Array;
}

/** About a megabyte of JSON per piece. */
export const PIECE_BYTES = 1 << 20;

/** Blocks per thread: enough that threads take turns finely, few enough that each is worth a message. */
const BLOCKS_PER_THREAD = 16;

/** Lay out blocks of about equal edge counts over the dependents' ranks. */
export function planBlocks(
  pairs: Int32Array,
  rank: Int32Array,
  n: number,
  threads: number,
): { blockOf: Uint16Array; blocks: number } {
  const count = pairs.length / 2;
  const perRank = new Int32Array(n);
  for (let i = 0; i < count; i++) {
    const f = rank[pairs[2 * i] as number] as number;
    perRank[f] = (perRank[f] as number) + 1;
  }
  const blocks = Math.max(1, Math.min(60_000, threads * BLOCKS_PER_THREAD));
  const target = Math.max(1, Math.ceil(count / blocks));
  const blockOf = new Uint16Array(n);
  let block = 0;
  let filled = 0;
  for (let r = 0; r < n; r++) {
    blockOf[r] = block;
    filled += perRank[r] as number;
    if (filled >= target && block < blocks - 1) {
      block++;
      filled = 0;
    }
  }
  return { blockOf, blocks };
}

/**
 * The distinct edges of the blocks `thread` does, sorted: two counting sorts over the ranks (by
 * dependency, then stably by dependent), so linear in the edges and the purls.
 */
export function sortBlocks(
  input: Pick<EdgeBlockInput, 'pairs' | 'rank' | 'n' | 'blockOf' | 'blocks'>,
  thread: number,
  threads: number,
): EdgeBlockRanks {
  const { pairs, rank, blockOf, n } = input;
  const count = pairs.length / 2;
  let mine = 0;
  for (let i = 0; i < count; i++) {
    if ((blockOf[rank[pairs[2 * i] as number] as number] as number) % threads === thread) mine++;
  }
  const fromRank = new Int32Array(mine);
  const toRank = new Int32Array(mine);
  for (let i = 0, k = 0; i < count; i++) {
    const f = rank[pairs[2 * i] as number] as number;
    if ((blockOf[f] as number) % threads !== thread) continue;
    fromRank[k] = f;
    toRank[k] = rank[pairs[2 * i + 1] as number] as number;
    k++;
  }
  const byTo = countingOrder(toRank, n, null);
  const order = countingOrder(fromRank, n, byTo);
  const from = new Int32Array(mine);
  const to = new Int32Array(mine);
  const own = ownBlocks(input.blocks, thread, threads);
  // edges come in block order (blocks are ranges of dependents' ranks): count each block's, then sum
  const ends = new Int32Array(own);
  let unique = 0;
  for (let j = 0; j < mine; j++) {
    const i = order[j] as number;
    const f = fromRank[i] as number;
    const t = toRank[i] as number;
    if (unique > 0 && from[unique - 1] === f && to[unique - 1] === t) continue;
    from[unique] = f;
    to[unique] = t;
    unique++;
    const k = ((blockOf[f] as number) - thread) / threads;
    ends[k] = (ends[k] as number) + 1;
  }
  for (let k = 1; k < own; k++) ends[k] = (ends[k] as number) + (ends[k - 1] as number);
  return { from: from.slice(0, unique), to: to.slice(0, unique), ends };
}

/** How many of `blocks` blocks a thread does. */
export function ownBlocks(blocks: number, thread: number, threads: number): number {
  return thread < blocks ? Math.floor((blocks - 1 - thread) / threads) + 1 : 0;
}

/** The purls, by rank, from the shared bytes. */
export function purlStrings(input: EdgeBlockInput): string[] {
  const bytes = Buffer.from(input.purlBytes.buffer, input.purlBytes.byteOffset, input.purlBytes.byteLength);
  const { purlStart: S, n } = input;
  const out: string[] = new Array(n);
  for (let r = 0; r < n; r++) {
    out[r] = input.ascii
      ? bytes.toString('latin1', S[r] as number, S[r + 1] as number)
      : bytes.toString('utf8', S[r] as number, S[r + 1] as number);
  }
  return out;
}

/** Text is encoded 64 KB at a time: a string of many short pieces is flattened while still in cache. */
const TEXT_PIECE = 1 << 16;

/**
 * Write the thread's sorted edges as JSON, block by block: `emit(k, bytes, last)` gets each piece of
 * its k-th block (at most about PIECE_BYTES plus a few text pieces), the last piece of a block with
 * `last` set (possibly empty). Lines are built as strings and encoded in bulk, which is several times
 * faster than copying bytes. Each piece is written into a buffer `space` gives (default: a new one each
 * time; a report thread gives its shared slots, so pieces cost no allocation); every buffer it gives
 * must hold `pieceSpace(input)` bytes. A text too long for one buffer is split over several pieces.
 */
export function writeBlocks(
  input: EdgeBlockInput,
  ranks: EdgeBlockRanks,
  emit: (k: number, bytes: Uint8Array, last: boolean) => void,
  purls: readonly string[] = purlStrings(input),
  space: () => Uint8Array = () => new Uint8Array(pieceSpace(input)),
): void {
  const { from, to, ends } = ranks;
  const pieceBytes = input.pieceBytes ?? PIECE_BYTES;
  const textPiece = Math.min(TEXT_PIECE, pieceBytes);
  const encoding = input.ascii ? 'latin1' : 'utf8';
  const take = () => {
    const bytes = space();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  let out = take();
  let pos = 0;
  /** Emit the piece; a next buffer is taken unless this was the last block's end. */
  const flush = (k: number, last: boolean) => {
    emit(k, new Uint8Array(out.buffer, out.byteOffset, pos), last);
    if (!last || k < ends.length - 1) out = take();
    pos = 0;
  };
  const put = (k: number, text: string) => {
    // latin1 writes a byte per character; UTF-8 at most three per UTF-16 unit
    if (pos + text.length * (input.ascii ? 1 : 3) > out.length) {
      const most = input.ascii ? text.length : Buffer.byteLength(text);
      if (pos + most > out.length) {
        if (pos > 0) flush(k, false);
        if (most > out.length) {
          // longer than a whole piece (a huge purl): its bytes over as many pieces as it takes
          const bytes = Buffer.from(text, encoding);
          for (let at = 0; at < bytes.length; ) {
            if (pos === out.length) flush(k, false);
            const n = Math.min(out.length - pos, bytes.length - at);
            bytes.copy(out, pos, at, at + n);
            pos += n;
            at += n;
          }
          return;
        }
      }
    }
    pos += out.write(text, pos, encoding);
  };
  let start = 0;
  let headOf = -1;
  let head = '';
  const q = input.bare ? '"' : '';
  const close = `${q}}`;
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k] as number;
    let text = '';
    for (let i = start; i < end; i++) {
      const f = from[i] as number;
      if (f !== headOf) {
        headOf = f;
        head = `,\n  {"from":${q}${purls[f]}${q},"to":${q}`;
      }
      text += `${head}${purls[to[i] as number]}${close}`;
      if (text.length >= textPiece) {
        put(k, text);
        text = '';
        if (pos >= pieceBytes) flush(k, false);
      }
    }
    put(k, text);
    flush(k, true);
    start = end;
  }
}

/** The bytes a buffer given to writeBlocks holds: a piece, and the text that may overrun it. */
export function pieceSpace(input: Pick<EdgeBlockInput, 'pieceBytes' | 'ascii'>): number {
  const pieceBytes = input.pieceBytes ?? PIECE_BYTES;
  const textPiece = Math.min(TEXT_PIECE, pieceBytes);
  return pieceBytes + (input.ascii ? 1 : 3) * textPiece + (1 << 12);
}

/** The indexes of `keys` (each below n) in key order, stable; `within` is the order to take them in. */
export function countingOrder(keys: Int32Array, n: number, within: Int32Array | null): Int32Array {
  const next = new Int32Array(n + 1);
  for (let i = 0; i < keys.length; i++) {
    const k = (keys[i] as number) + 1;
    next[k] = (next[k] as number) + 1;
  }
  for (let r = 0; r < n; r++) next[r + 1] = (next[r + 1] as number) + (next[r] as number);
  const out = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) {
    const i = within ? (within[j] as number) : j;
    const k = keys[i] as number;
    const at = next[k] as number;
    out[at] = i;
    next[k] = at + 1;
  }
  return out;
}
