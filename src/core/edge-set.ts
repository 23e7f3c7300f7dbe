import type { DependencyEdge } from './inventory.js';

/** Up to this many targets of one dependent are kept in an array and searched; beyond, in a Set. */
const SMALL = 8;

/**
 * A file's dependency edges, each once, in the order first added. Deduplicates through the targets
 * of each dependent rather than a `${from} ${to}` key per edge: lockfiles of a large tree add
 * millions of edges, and a joined key is a new string to build and hash every time. Most packages
 * depend on a handful of others, so a dependent's targets start as a small array (cheaper to make
 * and to search than a Set) and become a Set only past `SMALL`.
 */
export class EdgeSet {
  readonly edges: DependencyEdge[] = [];
  private readonly targets = new Map<string, string[] | Set<string>>();

  /** Adds from -> to unless it is there already; false when it was. */
  add(from: string, to: string): boolean {
    const seen = this.targets.get(from);
    if (seen === undefined) {
      this.targets.set(from, [to]);
    } else if (Array.isArray(seen)) {
      for (let i = 0; i < seen.length; i++) if (seen[i] === to) return false;
      if (seen.length < SMALL) seen.push(to);
      else this.targets.set(from, new Set(seen).add(to));
    } else if (seen.has(to)) {
      return false;
    } else {
      seen.add(to);
    }
    this.edges.push({ from, to });
    return true;
  }

  get size(): number {
    return this.edges.length;
  }
}
