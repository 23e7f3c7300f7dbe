import type { DependencyEdge } from './inventory.js';

/**
 * A file's dependency edges, each once, in the order first added. Deduplicates through one set of
 * targets per dependent rather than a `${from} ${to}` key per edge: lockfiles of a large tree add
 * millions of edges, and a joined key is a new string to build and hash every time.
 */
export class EdgeSet {
  readonly edges: DependencyEdge[] = [];
  private readonly targets = new Map<string, Set<string>>();

  /** Adds from -> to unless it is there already; false when it was. */
  add(from: string, to: string): boolean {
    let seen = this.targets.get(from);
    if (seen === undefined) {
      seen = new Set();
      this.targets.set(from, seen);
    } else if (seen.has(to)) {
      return false;
    }
    seen.add(to);
    this.edges.push({ from, to });
    return true;
  }

  get size(): number {
    return this.edges.length;
  }
}
