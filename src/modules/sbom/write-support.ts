import type { DependencyEdge, Inventory, InventoryPackage } from '../../core/inventory.js';
import { compare } from './inventory-builder.js';

export interface WritePlan {
  /** One package per purl, sorted by purl. */
  packages: InventoryPackage[];
  /** Edges whose both ends are written (a package or the subject), deduplicated and sorted. */
  edges: DependencyEdge[];
  /** Packages the subject depends on directly: `direct: true` ones and edges from the subject's purl. */
  direct: string[];
}

/** The stable, consistent view of an inventory every writer starts from. */
export function planWrite(inventory: Inventory): WritePlan {
  const byPurl = new Map<string, InventoryPackage>();
  for (const p of inventory.packages) if (!byPurl.has(p.purl)) byPurl.set(p.purl, p);
  const packages = [...byPurl.values()].sort((a, b) => compare(a.purl, b.purl));
  const subjectPurl = inventory.subject?.purl;
  const known = (purl: string) => byPurl.has(purl) || purl === subjectPurl;
  const edgeMap = new Map<string, DependencyEdge>();
  for (const e of inventory.dependencies) {
    if (known(e.from) && byPurl.has(e.to) && e.from !== e.to) edgeMap.set(`${e.from}\n${e.to}`, e);
  }
  const edges = [...edgeMap.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  const direct = new Set(packages.filter((p) => p.direct === true).map((p) => p.purl));
  for (const e of edges) if (e.from === subjectPurl) direct.add(e.to);
  return { packages, edges, direct: [...direct].sort(compare) };
}

/** Edges grouped by their `from`, every written element present (possibly with no dependencies). */
export function dependsOnByRef(plan: WritePlan, subjectRef: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (subjectRef) out.set(subjectRef, [...plan.direct]);
  for (const p of plan.packages) out.set(p.purl, []);
  for (const e of plan.edges) {
    const list = out.get(e.from);
    if (list && !list.includes(e.to)) list.push(e.to);
  }
  for (const list of out.values()) list.sort(compare);
  return out;
}
