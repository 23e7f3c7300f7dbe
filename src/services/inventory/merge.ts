import { OspoError } from '../../core/errors.js';
import type { DependencyEdge, Ecosystem } from '../../core/inventory.js';
import { type CompactResult, scopeCodes } from './compact.js';
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
  private readonly locations: number[][] = [];
  private readonly licenses: (string[] | undefined)[] = [];
  private edgeBuffer = new Int32Array(1 << 16);
  private edgeCount = 0;
  private readonly files: { path: string }[] = [];
  private readonly fileIndex = new Map<string, number>();

  /** Learn the purls and package details an encoder names for the first time in this result. */
  register(source: number, result: CompactResult): void {
    let map = this.sources.get(source);
    if (!map) {
      map = [];
      this.sources.set(source, map);
    }
    if (map.length !== result.firstId) {
      throw new OspoError('ERR_OSPO_INTERNAL', `results of parse encoder ${source} arrived out of order`);
    }
    for (const purl of result.purls) map.push(this.intern(purl));
    for (const d of result.details) {
      const g = map[d.id] as number;
      if (this.ecosystem[g] !== undefined) continue;
      this.ecosystem[g] = d.ecosystem;
      this.name[g] = d.name;
      this.version[g] = d.version;
    }
  }

  /** Add one file's packages and edges; `location` is the file's path as the report shows it. */
  merge(source: number, result: CompactResult, location: string): void {
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
        this.locations[g] = [file];
      } else {
        if (this.lastFile[g] !== file && !(again && this.locations[g]?.includes(file))) {
          this.locations[g]?.push(file);
          this.lastFile[g] = file;
        }
        if (scope > seenScope) this.scope[g] = scope;
        const d = direct[i] as number;
        // true if any file says direct, else false if any says transitive, else unknown
        if (d === 1 || (d === 0 && this.direct[g] === -1)) this.direct[g] = d;
      }
      const withLicenses = result.licenses[nextLicense];
      if (withLicenses?.at === i) {
        nextLicense++;
        const known = this.licenses[g];
        if (!known) this.licenses[g] = [...withLicenses.licenses];
        else for (const l of withLicenses.licenses) if (!known.includes(l)) known.push(l);
      }
    }
    const edges = result.edges;
    if (this.edgeCount + edges.length > this.edgeBuffer.length) {
      const next = new Int32Array(Math.max(this.edgeBuffer.length * 2, this.edgeCount + edges.length));
      next.set(this.edgeBuffer.subarray(0, this.edgeCount));
      this.edgeBuffer = next;
    }
    for (let i = 0; i < edges.length; i++)
      this.edgeBuffer[this.edgeCount++] = map[edges[i] as number] as number;
  }

  /** Distinct packages, sorted by purl. */
  packages(): InventoryPackage[] {
    const ids: number[] = [];
    for (const g of this.sorted()) if (this.scope[g] !== 0) ids.push(g);
    return ids.map((g) => ({
      ecosystem: this.ecosystem[g] as Ecosystem,
      name: this.name[g] as string,
      version: this.version[g] ?? null,
      purl: this.purls[g] as string,
      scope: scopeCodes[(this.scope[g] as number) - 1] ?? 'unknown',
      direct: this.direct[g] === -1 ? null : this.direct[g] === 1,
      locations: (this.locations[g] ?? []).map((f) => this.files[f] as { path: string }),
      licenses: this.licenses[g] ? [...(this.licenses[g] as string[])] : [],
    }));
  }

  /** Distinct edges, sorted by the purl they come from, then by the one they go to. */
  edges(): DependencyEdge[] {
    const n = this.purls.length;
    const order = this.sorted();
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r] as number] = r;
    // one number per edge, exact while n * n < 2^53
    const keys = new Float64Array(this.edgeCount / 2);
    for (let i = 0; i < keys.length; i++) {
      keys[i] =
        (rank[this.edgeBuffer[2 * i] as number] as number) * n +
        (rank[this.edgeBuffer[2 * i + 1] as number] as number);
    }
    keys.sort();
    const out: DependencyEdge[] = [];
    let previous = -1;
    for (const key of keys) {
      if (key === previous) continue;
      previous = key;
      const from = Math.floor(key / n);
      out.push({
        from: this.purls[order[from] as number] as string,
        to: this.purls[order[key - from * n] as number] as string,
      });
    }
    return out;
  }

  private order: number[] | null = null;

  /** Every purl's id, in purl order (computed once, for both packages and edges). */
  private sorted(): number[] {
    if (this.order?.length === this.purls.length) return this.order;
    const order = Array.from({ length: this.purls.length }, (_, i) => i);
    order.sort((a, b) => compare(this.purls[a] as string, this.purls[b] as string));
    this.order = order;
    return order;
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
    const scope = new Uint8Array(size);
    scope.set(this.scope);
    this.scope = scope;
    const direct = new Int8Array(size);
    direct.set(this.direct);
    this.direct = direct;
    const lastFile = new Int32Array(size);
    lastFile.set(this.lastFile);
    this.lastFile = lastFile;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
