/**
 * The match index's files: what matching reads of `advisory_affected` (the rows of records that are
 * not withdrawn, as match tuples), kept beside a PGlite store so that a short command can match
 * without starting the database. The store stays the truth: the index is derived from it, written
 * only by the process that holds the store, and read only while it is current (store/match-index.ts
 * keeps it so). Plain node:fs, no dependencies, so that reading it costs a command no module loading.
 *
 * A folder holds `manifest.json` (the segments, newest last, and the number of advisories), a `dirty`
 * marker while a writer may have changed the store without the index following, and the segments.
 * A segment is one import's records (or the whole store, rebuilt): a header, a table of bucket
 * offsets, the rows grouped by package in hashed buckets, one line per package, and the ids of the
 * records it holds, which hide those records' rows in older segments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type AffectedMatchRow, type MatchTuple, matchChunks, matchRowChunks } from './advisory-rows.js';
import { OspoError } from './errors.js';

export const MATCH_INDEX_FORMAT = 1;
const MAGIC = Buffer.from('OSPOMIX1', 'latin1');
const HEADER_BYTES = 64;
/** Reads of nearby buckets closer than this are one read. */
const READ_GAP = 64 * 1024;
const READ_MAX = 8 * 1024 * 1024;
/** Names per chunk handed out, as the store's queries (chunks of 2,000 or 5,000 were no faster). */
const INDEX_CHUNK = 50_000;

export interface MatchIndexManifest {
  format: number;
  /** The store's last migration when written: a store migrated since is not described by the index. */
  schema: string;
  /** Advisories in the store (what `ospo vulns` reports matching against). */
  records: number;
  /** Segment file names, oldest first. */
  segments: string[];
}

/** A package's key in the index: the JSON text of [ecosystem, name] (no tab or newline in it). */
export function matchKey(ecosystem: string, name: string): string {
  return JSON.stringify([ecosystem, name]);
}

/** FNV-1a over the key's UTF-16 code units. */
function bucketHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A growable array of unsigned 32-bit integers. */
class U32List {
  data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** Bytes of row text kept per block (rows live outside the JavaScript heap until written). */
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Collects one segment's records and writes it. Rows are kept as UTF-8 bytes in large blocks, indexed
 * by typed arrays: hundreds of thousands of rows held to the end of an import cost the garbage
 * collector nothing.
 */
export class SegmentBuilder {
  /** Each key's number, in the order keys came. */
  private readonly keyIds = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly keyFirst = new U32List();
  private readonly keyLast = new U32List();
  // per row: its block, where in it, how long, its record, the key's next row (0 = none; rows from 1)
  private readonly rowBlock = new U32List();
  private readonly rowStart = new U32List();
  private readonly rowLength = new U32List();
  private readonly rowSeq = new U32List();
  private readonly rowNext = new U32List();
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  /** Each id's latest record (its sequence number); an id recorded again drops its earlier rows. */
  private readonly latest = new Map<string, number>();
  private readonly idOf: string[] = [''];
  private repeated = false;

  constructor() {
    for (const list of [this.rowBlock, this.rowStart, this.rowLength, this.rowSeq, this.rowNext])
      list.push(0);
  }

  /**
   * A record of the segment, whose id hides its rows in older segments; returns its number for `row`.
   * Rows added with number 0 belong to no record (a segment rebuilt whole, which hides nothing).
   */
  record(id: string): number {
    const seq = this.idOf.length;
    this.idOf.push(id);
    if (this.latest.has(id)) this.repeated = true;
    this.latest.set(id, seq);
    return seq;
  }

  /** One affected row of record `seq`: its package's key (matchKey) and its match tuple as JSON text. */
  row(seq: number, key: string, tuple: string): void {
    if (this.used + 3 * tuple.length > this.block.length) {
      this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, 3 * tuple.length));
      this.used = 0;
    }
    const length = this.block.write(tuple, this.used, 'utf8');
    const row = this.rowBlock.length;
    this.rowBlock.push(this.blocks.length);
    this.rowStart.push(this.used);
    this.rowLength.push(length);
    this.rowSeq.push(seq);
    this.rowNext.push(0);
    this.used += length;
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keyIds.set(key, id);
      this.keys.push(key);
      this.keyFirst.push(row);
      this.keyLast.push(row);
    } else {
      this.rowNext.data[this.keyLast.data[id] as number] = row;
      this.keyLast.data[id] = row;
    }
  }

  get records(): number {
    return this.latest.size;
  }

  get rows(): number {
    return this.rowBlock.length - 1;
  }

  /** Whether a row is of its record's latest copy. */
  private live(row: number): boolean {
    if (!this.repeated) return true;
    const seq = this.rowSeq.data[row] as number;
    return seq === 0 || this.latest.get(this.idOf[seq] as string) === seq;
  }

  /** Write the segment to `file` (made anew) and flush it to disk; what it holds. */
  write(file: string): { records: number; rows: number; packages: number; bytes: number } {
    const blocks = [...this.blocks, this.block.subarray(0, this.used)];
    const keyCount = this.keys.length;
    let buckets = 64;
    while (buckets < keyCount) buckets *= 2;
    // keys in bucket order (a counting sort)
    const bucketOf = new Uint32Array(keyCount);
    const counts = new Uint32Array(buckets + 1);
    for (let k = 0; k < keyCount; k++) {
      const b = bucketHash(this.keys[k] as string) & (buckets - 1);
      bucketOf[k] = b;
      (counts[b + 1] as number)++;
    }
    for (let b = 0; b < buckets; b++) counts[b + 1] = (counts[b + 1] as number) + (counts[b] as number);
    const order = new Uint32Array(keyCount);
    const next = counts.slice(0, buckets);
    for (let k = 0; k < keyCount; k++) {
      const b = bucketOf[k] as number;
      order[next[b] as number] = k;
      next[b] = (next[b] as number) + 1;
    }
    const table = Buffer.alloc(8 * (buckets + 1));
    const dataStart = HEADER_BYTES + table.length;
    const fd = fs.openSync(file, 'w');
    try {
      let rows = 0;
      let packages = 0;
      // bytes are gathered in `out` and written at `written`; `position` is the data offset reached
      let out = Buffer.allocUnsafe(BLOCK_BYTES);
      let filled = 0;
      let position = 0;
      const flush = () => {
        fs.writeSync(fd, out, 0, filled, dataStart + position - filled);
        filled = 0;
      };
      const room = (bytes: number) => {
        if (filled + bytes <= out.length) return;
        flush();
        if (bytes > out.length) out = Buffer.allocUnsafe(bytes);
      };
      let k = 0;
      for (let b = 0; b < buckets; b++) {
        table.writeDoubleLE(position, 8 * b);
        const end = counts[b + 1] as number;
        for (; k < end; k++) {
          const key = order[k] as number;
          let first = true;
          for (
            let row = this.keyFirst.data[key] as number;
            row !== 0;
            row = this.rowNext.data[row] as number
          ) {
            if (!this.live(row)) continue;
            const length = this.rowLength.data[row] as number;
            if (first) {
              const text = this.keys[key] as string;
              room(3 * text.length + 1);
              const n = out.write(text, filled, 'utf8');
              out[filled + n] = 9; // tab
              filled += n + 1;
              position += n + 1;
              first = false;
              packages++;
            } else {
              room(1);
              out[filled++] = 44; // comma
              position++;
            }
            room(length);
            const block = blocks[this.rowBlock.data[row] as number] as Buffer;
            const start = this.rowStart.data[row] as number;
            block.copy(out, filled, start, start + length);
            filled += length;
            position += length;
            rows++;
          }
          if (!first) {
            room(1);
            out[filled++] = 10; // newline
            position++;
          }
        }
      }
      flush();
      table.writeDoubleLE(position, 8 * buckets);
      const ids = Buffer.from(JSON.stringify([...this.latest.keys()]), 'utf8');
      const idsStart = dataStart + position;
      fs.writeSync(fd, ids, 0, ids.length, idsStart);
      const header = Buffer.alloc(HEADER_BYTES);
      MAGIC.copy(header, 0);
      header.writeDoubleLE(MATCH_INDEX_FORMAT, 8);
      header.writeDoubleLE(buckets, 16);
      header.writeDoubleLE(rows, 24);
      header.writeDoubleLE(dataStart, 32);
      header.writeDoubleLE(idsStart, 40);
      header.writeDoubleLE(idsStart + ids.length, 48);
      fs.writeSync(fd, header, 0, HEADER_BYTES, 0);
      fs.writeSync(fd, table, 0, table.length, HEADER_BYTES);
      fs.fsyncSync(fd);
      return { records: this.latest.size, rows, packages, bytes: idsStart + ids.length };
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** A segment open for lookups. Throws when the file is not a whole segment of this format. */
export class SegmentReader {
  private readonly fd: number;
  private readonly buckets: number;
  private readonly dataStart: number;
  private readonly idsStart: number;
  private readonly idsEnd: number;
  private readonly table: Buffer;
  private idSet: Set<string> | null = null;

  constructor(private readonly file: string) {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const header = Buffer.alloc(HEADER_BYTES);
      if (
        fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES ||
        !header.subarray(0, 8).equals(MAGIC)
      )
        throw new Error(`${file} is not a match index segment`);
      if (header.readDoubleLE(8) !== MATCH_INDEX_FORMAT) throw new Error(`${file} is of another format`);
      this.buckets = header.readDoubleLE(16);
      this.dataStart = header.readDoubleLE(32);
      this.idsStart = header.readDoubleLE(40);
      this.idsEnd = header.readDoubleLE(48);
      const tableBytes = 8 * (this.buckets + 1);
      if (
        !Number.isInteger(this.buckets) ||
        this.buckets < 1 ||
        this.dataStart !== HEADER_BYTES + tableBytes ||
        !(this.idsStart >= this.dataStart && this.idsEnd >= this.idsStart && this.idsEnd === size)
      )
        throw new Error(`${file} is cut short or damaged`);
      this.table = Buffer.alloc(tableBytes);
      if (fs.readSync(fd, this.table, 0, tableBytes, HEADER_BYTES) !== tableBytes)
        throw new Error(`${file} is cut short`);
      if (this.table.readDoubleLE(8 * this.buckets) !== this.idsStart - this.dataStart)
        throw new Error(`${file} is cut short or damaged`);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    this.fd = fd;
  }

  /** The ids of the records this segment holds. */
  ids(): Set<string> {
    if (!this.idSet) {
      const bytes = Buffer.alloc(this.idsEnd - this.idsStart);
      fs.readSync(this.fd, bytes, 0, bytes.length, this.idsStart);
      this.idSet = new Set(JSON.parse(bytes.toString('utf8')) as string[]);
    }
    return this.idSet;
  }

  /**
   * Each key's tuples (their JSON texts joined by commas), or null for a key the segment does not
   * hold. Buckets are read in file order, nearby ones in one read.
   */
  lookup(keys: readonly string[]): (string | null)[] {
    const found: (string | null)[] = new Array(keys.length).fill(null);
    const starts = new Float64Array(keys.length);
    const ends = new Float64Array(keys.length);
    const order: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const b = bucketHash(keys[i] as string) & (this.buckets - 1);
      const start = this.table.readDoubleLE(8 * b);
      const end = this.table.readDoubleLE(8 * (b + 1));
      if (end === start) continue;
      starts[i] = start;
      ends[i] = end;
      order.push(i);
    }
    order.sort((a, b) => (starts[a] as number) - (starts[b] as number));
    let buffer = Buffer.alloc(0);
    for (let o = 0; o < order.length; ) {
      // one read for a run of buckets close together
      const windowStart = starts[order[o] as number] as number;
      let windowEnd = ends[order[o] as number] as number;
      let last = o + 1;
      while (last < order.length) {
        const i = order[last] as number;
        if ((starts[i] as number) - windowEnd > READ_GAP || (ends[i] as number) - windowStart > READ_MAX)
          break;
        windowEnd = Math.max(windowEnd, ends[i] as number);
        last++;
      }
      const length = windowEnd - windowStart;
      if (buffer.length < length) buffer = Buffer.alloc(Math.max(length, 2 * buffer.length));
      if (fs.readSync(this.fd, buffer, 0, length, this.dataStart + windowStart) !== length)
        throw damaged(`${this.file} is cut short`);
      for (; o < last; o++) {
        const i = order[o] as number;
        found[i] = findLine(
          buffer,
          (starts[i] as number) - windowStart,
          (ends[i] as number) - windowStart,
          keys[i] as string,
        );
      }
    }
    return found;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** A segment that went bad after it was opened (changed or cut on disk by something else). */
function damaged(message: string): OspoError {
  return new OspoError('ERR_OSPO_MATCH_INDEX', `the match index is damaged: ${message}`, {
    hint: 'Delete the match-index folder beside the store; matching then reads the store, and the next `ospo advisories import` builds the index again.',
  });
}

/** The tuples of the line for `key` within buffer[from, to), or null. */
function findLine(buffer: Buffer, from: number, to: number, key: string): string | null {
  const prefix = Buffer.from(`${key}\t`, 'utf8');
  for (let at = from; at < to; ) {
    let nl = buffer.indexOf(10, at);
    if (nl < 0 || nl > to) nl = to;
    if (nl - at > prefix.length && buffer.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0)
      return buffer.toString('utf8', at + prefix.length, nl);
    at = nl + 1;
  }
  return null;
}

/** The match index's folder in a PGlite store's data directory. */
export function matchIndexDir(dataDir: string): string {
  return path.join(dataDir, 'match-index');
}

export const MANIFEST = 'manifest.json';
export const DIRTY = 'dirty';

/** The manifest, or null when it is missing or not of this format. */
export function readManifest(dir: string): MatchIndexManifest | null {
  let parsed: Partial<MatchIndexManifest>;
  try {
    parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Partial<MatchIndexManifest>;
  } catch {
    return null;
  }
  if (
    parsed.format !== MATCH_INDEX_FORMAT ||
    typeof parsed.schema !== 'string' ||
    typeof parsed.records !== 'number' ||
    !Array.isArray(parsed.segments) ||
    !parsed.segments.every((s) => typeof s === 'string' && /^[\w-][\w.-]*\.seg$/.test(s))
  )
    return null;
  return parsed as MatchIndexManifest;
}

/**
 * An index open for matching, with the store's contract for matching's reads (affectedToMatchTexts):
 * chunks of one ecosystem's names, each a JSON array of match tuples, chunks without rows left out.
 */
export class MatchIndex {
  private constructor(
    readonly records: number,
    /** The segments' file names, oldest first, as the manifest lists them. */
    readonly segmentNames: readonly string[],
    private readonly segments: SegmentReader[],
  ) {}

  /**
   * The index in `dir`, when it is current for a store at migration `schema`: null when it is missing,
   * marked dirty, written for another schema or format, or any segment is unreadable.
   */
  static open(dir: string, schema: string): MatchIndex | null {
    if (fs.existsSync(path.join(dir, DIRTY))) return null;
    const manifest = readManifest(dir);
    if (!manifest || manifest.schema !== schema) return null;
    const segments: SegmentReader[] = [];
    try {
      for (const name of manifest.segments) segments.push(new SegmentReader(path.join(dir, name)));
    } catch {
      for (const s of segments) s.close();
      return null;
    }
    return new MatchIndex(manifest.records, manifest.segments, segments);
  }

  /** The tuples texts (comma-joined) of each key, newer segments hiding older rows of their records. */
  lookup(keys: readonly string[]): string[][] {
    const found: string[][] = keys.map(() => []);
    let hidden: Set<string> | null = null;
    for (let s = this.segments.length - 1; s >= 0; s--) {
      const segment = this.segments[s] as SegmentReader;
      const texts = segment.lookup(keys);
      for (let i = 0; i < keys.length; i++) {
        const text = texts[i];
        if (text == null) continue;
        if (!hidden || hidden.size === 0) (found[i] as string[]).push(text);
        else {
          const kept = (JSON.parse(`[${text}]`) as MatchTuple[]).filter((t) => !hidden?.has(t[0]));
          if (kept.length > 0) (found[i] as string[]).push(kept.map((t) => JSON.stringify(t)).join(','));
        }
      }
      if (s > 0) {
        hidden ??= new Set();
        for (const id of segment.ids()) hidden.add(id);
      }
    }
    return found;
  }

  async *affectedToMatchTexts(
    packages: readonly { ecosystem: string; name: string }[],
    options: { namesPerQuery?: number } = {},
  ): AsyncGenerator<string> {
    for (const { ecosystem, names } of matchChunks(packages, options.namesPerQuery ?? INDEX_CHUNK)) {
      const parts: string[] = [];
      for (const list of this.lookup(names.map((name) => matchKey(ecosystem, name))))
        for (const t of list) parts.push(t);
      if (parts.length > 0) yield `[${parts.join(',')}]`;
    }
  }

  affectedToMatch(
    packages: readonly { ecosystem: string; name: string }[],
    options: { namesPerQuery?: number } = {},
  ): AsyncGenerator<AffectedMatchRow[]> {
    return matchRowChunks(this.affectedToMatchTexts(packages, options));
  }

  close(): void {
    for (const s of this.segments) s.close();
  }
}
