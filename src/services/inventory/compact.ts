import type { Ecosystem, ExtractResult, ExtractWarning, Scope } from '../../core/inventory.js';

/**
 * One file's extraction result in the form parse workers send it to the main thread: each purl is named
 * once per encoder (a worker, or the main thread itself) and referred to by a small local number from
 * then on, so the main thread neither copies nor hashes the same strings a million times over. Packages
 * and edges travel as typed arrays, which cross threads as one block of memory.
 */
export interface CompactResult {
  /** Local id of `purls[0]`; the purls this encoder names for the first time take the ids that follow. */
  firstId: number;
  purls: string[];
  /**
   * What a purl is, sent the first time this encoder reports it as a package: column by column (local
   * id, ecosystem, name, version), which crosses threads faster than one object per package.
   */
  details: PackageDetails;
  /** The file's packages in order: local purl id, scope code, direct (-1 unknown, 0 no, 1 yes). */
  ids: Int32Array;
  scopes: Uint8Array;
  direct: Int8Array;
  /** Declared licenses, for the packages that carry any: `licenses[j]` are those of package `licensed[j]` (an index into `ids`). */
  licensed: Int32Array;
  licenses: string[][];
  /** Dependency edges as pairs of local ids. */
  edges: Int32Array;
  warnings: ExtractWarning[];
}

export interface PackageDetails {
  ids: Int32Array;
  ecosystems: Ecosystem[];
  names: string[];
  versions: (string | null)[];
}

export const scopeCodes: readonly Scope[] = ['unknown', 'dev', 'peer', 'optional', 'prod'];
const scopeCode: Record<Scope, number> = { unknown: 0, dev: 1, peer: 2, optional: 3, prod: 4 };

export class ResultEncoder {
  private readonly ids = new Map<string, number>();
  /** Local ids whose details were sent. */
  private detailed = new Uint8Array(1024);

  encode(result: ExtractResult): CompactResult {
    const firstId = this.ids.size;
    const purls: string[] = [];
    const idOf = (purl: string): number => {
      let id = this.ids.get(purl);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(purl, id);
        purls.push(purl);
      }
      return id;
    };
    const n = result.packages.length;
    const ids = new Int32Array(n);
    const scopes = new Uint8Array(n);
    const direct = new Int8Array(n);
    const licensed: number[] = [];
    const licenses: string[][] = [];
    const detailIds: number[] = [];
    const ecosystems: Ecosystem[] = [];
    const names: string[] = [];
    const versions: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      const p = result.packages[i] as ExtractResult['packages'][number];
      const id = idOf(p.purl);
      ids[i] = id;
      scopes[i] = scopeCode[p.scope] ?? 0;
      direct[i] = p.direct === null ? -1 : p.direct ? 1 : 0;
      if (p.licenses.length > 0) {
        licensed.push(i);
        licenses.push(p.licenses);
      }
      if (id >= this.detailed.length) this.grow(id);
      if (this.detailed[id] === 0) {
        this.detailed[id] = 1;
        detailIds.push(id);
        ecosystems.push(p.ecosystem);
        names.push(p.name);
        versions.push(p.version);
      }
    }
    // edges of one dependent usually come in a run: look its purl up once per run
    const edges = new Int32Array(result.edges.length * 2);
    let lastFrom: string | undefined;
    let lastFromId = 0;
    for (let i = 0; i < result.edges.length; i++) {
      const e = result.edges[i] as ExtractResult['edges'][number];
      if (e.from !== lastFrom) {
        lastFrom = e.from;
        lastFromId = idOf(e.from);
      }
      edges[2 * i] = lastFromId;
      edges[2 * i + 1] = idOf(e.to);
    }
    const details = { ids: Int32Array.from(detailIds), ecosystems, names, versions };
    return {
      firstId,
      purls,
      details,
      ids,
      scopes,
      direct,
      licensed: Int32Array.from(licensed),
      licenses,
      edges,
      warnings: result.warnings,
    };
  }

  private grow(id: number): void {
    const next = new Uint8Array(Math.max(id + 1, this.detailed.length * 2));
    next.set(this.detailed);
    this.detailed = next;
  }
}

/** The buffers of a compact result, to transfer rather than copy. */
export function transferables(result: CompactResult): ArrayBuffer[] {
  return [
    result.ids.buffer,
    result.scopes.buffer,
    result.direct.buffer,
    result.edges.buffer,
    result.licensed.buffer,
    result.details.ids.buffer,
  ] as ArrayBuffer[];
}
