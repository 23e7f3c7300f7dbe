import { OspoError } from '../../core/errors.js';
import type { DependencyEdge, Ecosystem } from '../../core/inventory.js';
import { type CompactResult, scopeCodes } from './compact.js';
import { sortBlocks } from './edge-blocks.js';
import type { InventoryPackage } from './report.js';

/**
 * Collects a scan's packages and edges as files are read: one entry per purl, with every place it was
 * found, its strongest scope (prod over optional over peer over dev) and all declared licenses; each
 * edge once. Results come in compact form (see compact.ts) from several encoders, the parse workers and
 * the main thread: `register` learns an encoder's new purls as its results arrive, `merge` adds a
 * file's packages and edges in walk order. Internally every purl is a number; memory follows the
 * distinct packages and edges, not how often they repeat across lockfiles.
 */
export class InventoryMerger {
  /** Packages reported, counting repeats. */
  found = 0;
  private readonly purls: string[] = [];
  private readonly byPurl = new Map<string, number>();
  /** encoder -> its local ids -> global ids */
  private readonly sources = new Map<number, number[]>();
  private readonly ecosystem: (Ecosystem | undefined)[] = [];
  private readonly name: string[] = [];
  private readonly version: (string | null)[] = [];
  /** 0: not (yet) a package, else the scope code + 1. */
  private scope = new Uint8Array(1024);
  private direct = new Int8Array(1024);
  private lastFile = new Int32Array(1024);
  /**
   * Each package's locations as a list threaded through typed arrays (one entry per package and
   * file, no array per package): `firstLocation[g]` and `lastLocation[g]` are entries, `locationFile`
   * and `nextLocation` (-1 at the end) are by entry.
   */
  private firstLocation = new Int32Array(1024);
  private lastLocation = new Int32Array(1024);
  private locationFile = new Int32Array(1 << 16);
  private nextLocation = new Int32Array(1 << 16);
  private locationCount = 0;
  private readonly licenses: (string[] | undefined)[] = [];
  private edgeBuffer = new Int32Array(1 << 16);
  private edgeCount = 0;
  private readonly files: { path: string }[] = [];
  private readonly fileIndex = new Map<string, number>();

  /** Learn the purls and package details an encoder names for the first time in this result. */
  register(source: number, result: CompactResult): void {
    this.view = null;
    let map = this.sources.get(source);
    if (!map) {
      map = [];
      this.sources.set(source, map);
    }
    if (map.length !== result.firstId) {
      throw new OspoError('ERR_OSPO_INTERNAL', `results of parse encoder ${source} arrived out of order`);
    }
    for (const purl of result.purls) map.push(this.intern(purl));
    const { ids, ecosystems, names, versions } = result.details;
    for (let j = 0; j < ids.length; j++) {
      const g = map[ids[j] as number] as number;
      if (this.ecosystem[g] !== undefined) continue;
      this.ecosystem[g] = ecosystems[j];
      this.name[g] = names[j] as string;
      this.version[g] = versions[j] ?? null;
    }
  }

  /** Add one file's packages and edges; `location` is the file's path as the report shows it. */
  merge(source: number, result: CompactResult, location: string): void {
    this.view = null;
    const map = this.sources.get(source) ?? [];
    let file = this.fileIndex.get(location);
    // the same path twice (overlapping roots): look through the locations instead of at the last one
    const again = file !== undefined;
    if (file === undefined) {
      file = this.files.length;
      this.files.push(Object.freeze({ path: location }));
      this.fileIndex.set(location, file);
    }
    let nextLicense = 0;
    const { ids, scopes, direct } = result;
    for (let i = 0; i < ids.length; i++) {
      this.found++;
      const g = map[ids[i] as number] as number;
      const scope = (scopes[i] as number) + 1;
      const seenScope = this.scope[g] as number;
      if (seenScope === 0) {
        this.scope[g] = scope;
        this.direct[g] = direct[i] as number;
        this.lastFile[g] = file;
        const entry = this.addLocation(file);
        this.firstLocation[g] = entry;
        this.lastLocation[g] = entry;
      } else {
        if (this.lastFile[g] !== file && !(again && this.hasLocation(g, file))) {
          const entry = this.addLocation(file);
          this.nextLocation[this.lastLocation[g] as number] = entry;
          this.lastLocation[g] = entry;
          this.lastFile[g] = file;
        }
        if (scope > seenScope) this.scope[g] = scope;
        const d = direct[i] as number;
        // true if any file says direct, else false if any says transitive, else unknown
        if (d === 1 || (d === 0 && this.direct[g] === -1)) this.direct[g] = d;
      }
      if (result.licensed[nextLicense] === i) {
        const declared = result.licenses[nextLicense] as string[];
        nextLicense++;
        const known = this.licenses[g];
        if (!known) this.licenses[g] = [...declared];
        else for (const l of declared) if (!known.includes(l)) known.push(l);
      }
    }
    const edges = result.edges;
    if (this.edgeCount + edges.length > this.edgeBuffer.length) {
      const size = Math.max(this.edgeBuffer.length * 2, this.edgeCount + edges.length);
      this.edgeBuffer = grown(this.edgeBuffer.subarray(0, this.edgeCount), size);
    }
    for (let i = 0; i < edges.length; i++)
      this.edgeBuffer[this.edgeCount++] = map[edges[i] as number] as number;
  }

  private view: MergedInventory | null = null;

  /**
   * The packages and edges merged so far, sorted, in numeric form (computed once until the next
   * `merge`): the report reads it without building an object per package or edge.
   */
  finish(): MergedInventory {
    if (this.view) return this.view;
    const n = this.purls.length;
    const order = sortedOrder(this.purls);
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r] as number] = r;
    let packages = 0;
    for (let g = 0; g < n; g++) if (this.scope[g] !== 0) packages++;
    const packageRanks = new Int32Array(packages);
    for (let r = 0, k = 0; r < n; r++) if (this.scope[order[r] as number] !== 0) packageRanks[k++] = r;
    this.view = new MergedInventory({
      order,
      rank,
      purls: this.purls,
      packageRanks,
      edgePairs: this.edgeBuffer.subarray(0, this.edgeCount),
      ecosystem: this.ecosystem,
      name: this.name,
      version: this.version,
      scope: this.scope,
      direct: this.direct,
      locations: {
        first: this.firstLocation,
        next: this.nextLocation.subarray(0, this.locationCount),
        file: this.locationFile.subarray(0, this.locationCount),
      },
      licenses: this.licenses,
      files: this.files,
    });
    return this.view;
  }

  /** A new location entry for `file`, at the end of no list yet. */
  private addLocation(file: number): number {
    const entry = this.locationCount++;
    if (entry >= this.locationFile.length) {
      const size = this.locationFile.length * 2;
      this.locationFile = grown(this.locationFile, size);
      this.nextLocation = grown(this.nextLocation, size);
    }
    this.locationFile[entry] = file;
    this.nextLocation[entry] = -1;
    return entry;
  }

  private hasLocation(g: number, file: number): boolean {
    for (let e = this.firstLocation[g] as number; e !== -1; e = this.nextLocation[e] as number) {
      if (this.locationFile[e] === file) return true;
    }
    return false;
  }

  private intern(purl: string): number {
    let g = this.byPurl.get(purl);
    if (g !== undefined) return g;
    g = this.purls.length;
    this.purls.push(purl);
    this.byPurl.set(purl, g);
    if (g >= this.scope.length) this.grow();
    this.direct[g] = -1;
    return g;
  }

  private grow(): void {
    const size = this.scope.length * 2;
    this.scope = grown(this.scope, size);
    this.direct = grown(this.direct, size);
    this.lastFile = grown(this.lastFile, size);
    this.firstLocation = grown(this.firstLocation, size);
    this.lastLocation = grown(this.lastLocation, size);
  }
}

interface Columns {
  /** rank (position in purl order) -> id */
  order: Int32Array;
  /** id -> rank */
  rank: Int32Array;
  /** id -> purl */
  purls: readonly string[];
  /** The ranks of the ids that are packages (not only edge ends), ascending. */
  packageRanks: Int32Array;
  /** The edges as merged, pairs of ids, repeats included. */
  edgePairs: Int32Array;
  /** Per id: */
  ecosystem: readonly (Ecosystem | undefined)[];
  name: readonly string[];
  version: readonly (string | null)[];
  /** The scope code + 1 (0: not a package). */
  scope: Uint8Array;
  /** -1 unknown, 0 no, 1 yes. */
  direct: Int8Array;
  /**
   * Where each package was found, in walk order: a list per package id, from entry `first[g]`
   * through `next` (-1 ends it), each entry's index into `files` in `file`. Only packages have one.
   */
  locations: { first: Int32Array; next: Int32Array; file: Int32Array };
  licenses: readonly (readonly string[] | undefined)[];
  files: readonly { path: string }[];
}

/**
 * A merged inventory in report order, as numbers: packages by the rank of their purl, edges as pairs of
 * ranks. `packages()` and `edges()` build the report's objects; the JSON writer reads the numbers
 * directly (2.3 million edges are 2.3 million objects otherwise). Valid until the merger merges again.
 */
export class MergedInventory {
  private sorted: { from: Int32Array; to: Int32Array } | null = null;

  constructor(readonly columns: Columns) {}

  get packageCount(): number {
    return this.columns.packageRanks.length;
  }

  get edgeCount(): number {
    return this.sortedEdges().from.length;
  }

  /** Distinct edges as ranks, sorted by dependent, then by dependency (worked out on first use). */
  sortedEdges(): { from: Int32Array; to: Int32Array } {
    const c = this.columns;
    if (!this.sorted) {
      const n = c.order.length;
      const input = { pairs: c.edgePairs, rank: c.rank, n, blockOf: new Uint16Array(n), blocks: 1 };
      this.sorted = sortBlocks(input, 0, 1);
    }
    return this.sorted;
  }

  /** Whether the sorted edges were worked out yet. */
  get edgesSorted(): boolean {
    return this.sorted !== null;
  }

  /** Take the sorted edges as another thread worked them out (as `sortedEdges` would). */
  adoptSortedEdges(from: Int32Array, to: Int32Array): void {
    this.sorted = { from, to };
  }

  /** The purl of a rank. */
  purl(rank: number): string {
    const c = this.columns;
    return c.purls[c.order[rank] as number] as string;
  }

  /** The k-th package of the report, as a new object. */
  package(k: number): InventoryPackage {
    const c = this.columns;
    const g = c.order[c.packageRanks[k] as number] as number;
    const licenses = c.licenses[g];
    return {
      ecosystem: c.ecosystem[g] as Ecosystem,
      name: c.name[g] as string,
      version: c.version[g] ?? null,
      purl: c.purls[g] as string,
      scope: scopeCodes[(c.scope[g] as number) - 1] ?? 'unknown',
      direct: c.direct[g] === -1 ? null : c.direct[g] === 1,
      locations: locationsOf(c.locations, g).map((f) => c.files[f] as { path: string }),
      licenses: licenses ? [...licenses] : [],
    };
  }

  /** Distinct packages, sorted by purl. */
  packages(): InventoryPackage[] {
    const out: InventoryPackage[] = new Array(this.packageCount);
    for (let k = 0; k < out.length; k++) out[k] = this.package(k);
    return out;
  }

  /** Distinct edges, sorted by the purl they come from, then by the one they go to. */
  edges(): DependencyEdge[] {
    const { from: edgeFrom, to: edgeTo } = this.sortedEdges();
    const out: DependencyEdge[] = new Array(edgeFrom.length);
    let lastRank = -1;
    let from = '';
    for (let i = 0; i < out.length; i++) {
      const f = edgeFrom[i] as number;
      if (f !== lastRank) {
        lastRank = f;
        from = this.purl(f);
      }
      out[i] = { from, to: this.purl(edgeTo[i] as number) };
    }
    return out;
  }
}

/**
 * Ids 0..n-1 ordered by their purls (by UTF-16 code unit, as `<` compares strings). A most significant
 * character first radix sort: the ids bucketed by their first character, each bucket by the second, and
 * so on, small buckets sorted by comparing. Purls share long prefixes (`pkg:npm/...`), which a
 * comparison sort compares over and over; this reads each character about once.
 */
export function sortedOrder(purls: readonly string[]): Int32Array {
  const n = purls.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const spare = new Int32Array(n);
  /** 0: the string has ended; 1 + the code unit below 0xff; 256: 0xff or above, left to comparing. */
  const bucket = new Uint16Array(n);
  const next = new Int32Array(258);
  const pending: number[] = [0, n, 0];
  while (pending.length > 0) {
    const depth = pending.pop() as number;
    const end = pending.pop() as number;
    const start = pending.pop() as number;
    if (end - start <= 32) {
      compareSort(purls, order, start, end);
      continue;
    }
    next.fill(0);
    for (let j = start; j < end; j++) {
      const text = purls[order[j] as number] as string;
      const b = depth < text.length ? Math.min(text.charCodeAt(depth), 0xff) + 1 : 0;
      bucket[j] = b;
      next[b + 1] = (next[b + 1] as number) + 1;
    }
    const first = bucket[start] as number;
    if (next[first + 1] === end - start) {
      // one bucket: the same character everywhere
      if (first === 256) compareSort(purls, order, start, end);
      else if (first !== 0) pending.push(start, end, depth + 1);
      continue;
    }
    for (let b = 0; b < 257; b++) next[b + 1] = (next[b + 1] as number) + (next[b] as number);
    for (let j = start; j < end; j++) {
      const b = bucket[j] as number;
      const at = next[b] as number;
      spare[start + at] = order[j] as number;
      next[b] = at + 1;
    }
    order.set(spare.subarray(start, end), start);
    // next[b] is now where bucket b ends
    for (let b = 1; b < 257; b++) {
      const from = start + (next[b - 1] as number);
      const to = start + (next[b] as number);
      if (to - from < 2) continue;
      if (b === 256) compareSort(purls, order, from, to);
      else pending.push(from, to, depth + 1);
    }
  }
  return order;
}

/** order[start..end) sorted by comparing their strings. */
function compareSort(purls: readonly string[], order: Int32Array, start: number, end: number): void {
  const part = Array.from(order.subarray(start, end));
  part.sort((a, b) => compare(purls[a] as string, purls[b] as string));
  order.set(part, start);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `array` in a larger one of `size` (the rest zero). */
function grown<T extends Uint8Array | Int8Array | Int32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}

/** A package's locations (indexes into `files`), in walk order. */
export function locationsOf(locations: Columns['locations'], g: number): number[] {
  const out: number[] = [];
  for (let e = locations.first[g] as number; e !== -1; e = locations.next[e] as number) {
    out.push(locations.file[e] as number);
  }
  return out;
}
