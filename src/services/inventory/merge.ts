import type { DependencyEdge, ExtractedPackage, Scope } from '../../core/inventory.js';
import type { InventoryPackage } from './report.js';

/** Stronger scopes win when one package is found several times: prod over optional over peer over dev. */
const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, peer: 2, dev: 1, unknown: 0 };

/**
 * Collects a scan's packages and edges as files are read: one entry per purl, with every place it was
 * found, its strongest scope and all declared licenses; each edge once. Memory grows with the distinct
 * packages, not with how often they repeat across lockfiles.
 */
export class InventoryMerger {
  private readonly byPurl = new Map<string, InventoryPackage>();
  /** from -> to: purl strings are shared, so an edge costs a set entry, not a new string. */
  private readonly edgeMap = new Map<string, Set<string>>();
  found = 0;

  addPackage(p: ExtractedPackage, location: string): void {
    this.found++;
    const seen = this.byPurl.get(p.purl);
    if (!seen) {
      this.byPurl.set(p.purl, { ...p, licenses: [...p.licenses], locations: [{ path: location }] });
      return;
    }
    const last = seen.locations[seen.locations.length - 1];
    if (last?.path !== location && !seen.locations.some((l) => l.path === location)) {
      seen.locations.push({ path: location });
    }
    if (scopeRank[p.scope] > scopeRank[seen.scope]) seen.scope = p.scope;
    if (p.direct === true || (seen.direct === null && p.direct === false)) seen.direct = p.direct;
    for (const license of p.licenses) if (!seen.licenses.includes(license)) seen.licenses.push(license);
  }

  addEdge(edge: DependencyEdge): void {
    // results from parse workers carry their own copies of every string: keep one copy per purl
    const from = this.byPurl.get(edge.from)?.purl ?? edge.from;
    let targets = this.edgeMap.get(from);
    if (!targets) {
      targets = new Set();
      this.edgeMap.set(from, targets);
    }
    targets.add(this.byPurl.get(edge.to)?.purl ?? edge.to);
  }

  packages(): InventoryPackage[] {
    return [...this.byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  }

  /** In first-seen order of their `from`, then of their `to`. */
  edges(): DependencyEdge[] {
    const out: DependencyEdge[] = [];
    for (const [from, targets] of this.edgeMap) for (const to of targets) out.push({ from, to });
    return out;
  }
}
