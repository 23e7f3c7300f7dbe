import type { DependencyEdge, Inventory, InventoryPackage } from '../../core/inventory.js';
import { compare } from './inventory-builder.js';

export interface WritePlan {
  /** One package per purl, sorted by purl. */
  packages: InventoryPackage[];
  /**
   * Edge ends that are neither a package nor the subject's purl: the project's own modules (workspace
   * crates, a package-lock root). Writers emit them as elements marked as the project's own, so every
   * edge is written and readers can put them back as edge ends only. Sorted.
   */
  projectNodes: string[];
  /** Every edge but self-loops, deduplicated and sorted; its ends are packages, project nodes or the subject. */
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
  const projectNodes = new Set<string>();
  const edgeMap = new Map<string, DependencyEdge>();
  for (const e of inventory.dependencies) {
    if (e.from === e.to || !e.from || !e.to) continue;
    for (const end of [e.from, e.to]) if (!byPurl.has(end) && end !== subjectPurl) projectNodes.add(end);
    edgeMap.set(`${e.from}\n${e.to}`, { from: e.from, to: e.to });
  }
  const edges = [...edgeMap.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  const direct = new Set(packages.filter((p) => p.direct === true).map((p) => p.purl));
  for (const e of edges) if (e.from === subjectPurl) direct.add(e.to);
  return {
    packages,
    projectNodes: [...projectNodes].sort(compare),
    edges,
    direct: [...direct].sort(compare),
  };
}

/** Edges grouped by their `from`, every written element present (possibly with no dependencies). */
export function dependsOnByRef(plan: WritePlan, subjectRef: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (subjectRef) out.set(subjectRef, [...plan.direct]);
  for (const p of plan.packages) out.set(p.purl, []);
  for (const purl of plan.projectNodes) out.set(purl, []);
  for (const e of plan.edges) {
    const list = out.get(e.from);
    if (list && !list.includes(e.to)) list.push(e.to);
  }
  for (const list of out.values()) list.sort(compare);
  return out;
}
