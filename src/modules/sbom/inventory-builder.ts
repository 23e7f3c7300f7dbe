import type {
  DependencyEdge,
  ExtractWarning,
  Inventory,
  InventoryPackage,
  Scope,
} from '../../core/inventory.js';
import { scopes } from '../../core/inventory.js';
import { readPurl } from './purl-mapping.js';

/**
 * What a reader returns besides the inventory. `Inventory` has no warnings field yet, so `read` drops
 * them; callers that want them use each format's `read...` function.
 */
export interface SbomReadResult {
  inventory: Inventory;
  warnings: ExtractWarning[];
}

export interface ElementInput {
  purl: string | undefined;
  scope: Scope;
  direct: boolean | null;
  licenses: string[];
  locations: string[];
}

/**
 * The marker our writers put on elements that are the project's own modules (edge ends that are not
 * packages: workspace crates, a package-lock root). Readers map them to edge ends, never to packages.
 */
export const projectRole = { name: 'ospokit:role', value: 'project' } as const;

/** SPDX has no properties: the same marker as an annotation comment. */
export const projectAnnotation = `${projectRole.name}=${projectRole.value}`;

/** The purl a project node stands for as an edge end: canonical when it maps to a package, else as written. */
export function projectNodePurl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const reading = readPurl(text);
  if (reading.ok) return reading.value.purl;
  const trimmed = text.trim();
  return reading.type !== null && trimmed.startsWith('pkg:') ? trimmed : undefined;
}

/**
 * Collects an SBOM's elements into an inventory: purls to packages, duplicates merged, skipped elements
 * and dropped edges counted into one warning each, everything sorted so output is stable.
 */
export class InventoryBuilder {
  private readonly packages = new Map<string, InventoryPackage>();
  private readonly edges = new Map<string, DependencyEdge>();
  private noPurl = 0;
  private readonly unsupported = new Map<string, number>();
  private droppedEdges = 0;

  /** Add an element; returns its canonical purl, or null when it was skipped. */
  add(element: ElementInput): string | null {
    if (!element.purl) {
      this.noPurl++;
      return null;
    }
    const reading = readPurl(element.purl);
    if (!reading.ok) {
      const type = reading.type ?? 'invalid';
      this.unsupported.set(type, (this.unsupported.get(type) ?? 0) + 1);
      return null;
    }
    const { purl } = reading.value;
    const known = this.packages.get(purl);
    const licenses = unique(element.licenses.map((l) => l.trim()).filter((l) => l !== ''));
    const locations = unique(element.locations.filter((l) => l !== ''));
    if (known) {
      known.licenses = unique([...known.licenses, ...licenses]);
      known.locations = unique([...known.locations.map((l) => l.path), ...locations])
        .sort()
        .map((path) => ({ path }));
      if (known.direct === null) known.direct = element.direct;
      return purl;
    }
    this.packages.set(purl, {
      ...reading.value,
      scope: element.scope,
      direct: element.direct,
      licenses,
      locations: locations.sort().map((path) => ({ path })),
    });
    return purl;
  }

  edge(from: string | undefined, to: string | undefined): void {
    if (!from || !to) {
      this.droppedEdges++;
      return;
    }
    if (from !== to) this.edges.set(`${from}\n${to}`, { from, to });
  }

  /** Direct-ness decided after the fact, from the subject's dependencies. */
  markDirect(direct: ReadonlySet<string>): void {
    for (const p of this.packages.values()) if (p.direct === null) p.direct = direct.has(p.purl);
  }

  build(subject: Inventory['subject']): SbomReadResult {
    const warnings: ExtractWarning[] = [];
    if (this.noPurl > 0) {
      warnings.push({
        code: 'ERR_OSPO_SBOM_NO_PURL',
        message: `${this.noPurl} element(s) without a package URL were skipped`,
      });
    }
    for (const [type, count] of [...this.unsupported].sort()) {
      warnings.push({
        code: 'ERR_OSPO_SBOM_UNSUPPORTED_PURL',
        message: `${count} element(s) with a package URL of type "${type}" were skipped (no OSV ecosystem)`,
      });
    }
    if (this.droppedEdges > 0) {
      warnings.push({
        code: 'ERR_OSPO_SBOM_EDGE_DROPPED',
        message: `${this.droppedEdges} dependency edge(s) were dropped: an end is not a package read`,
      });
    }
    const packages = [...this.packages.values()].sort((a, b) => compare(a.purl, b.purl));
    const dependencies = [...this.edges.values()].sort(
      (a, b) => compare(a.from, b.from) || compare(a.to, b.to),
    );
    return { inventory: { ...(subject ? { subject } : {}), packages, dependencies }, warnings };
  }
}

/** A subject read from an SBOM: its canonical purl and purl-derived name when it has a supported purl. */
export function subjectOf(name: string | undefined, version: string | undefined, purl: string | undefined) {
  const reading = purl ? readPurl(purl) : undefined;
  const canonical = reading?.ok ? reading.value : undefined;
  const subjectName = canonical?.name ?? name ?? purl;
  if (!subjectName) return undefined;
  const subject: NonNullable<Inventory['subject']> = {
    name: subjectName,
    version: version ?? canonical?.version ?? null,
  };
  // A purl of a type with no OSV ecosystem (oci, generic, ...) is kept as it is; text that is no purl is not.
  const subjectPurl = canonical?.purl ?? (reading && !reading.ok && reading.type !== null ? purl : undefined);
  if (subjectPurl) subject.purl = subjectPurl;
  return subject;
}

export function isScope(value: string | undefined): value is Scope {
  return (scopes as readonly string[]).includes(value ?? '');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
