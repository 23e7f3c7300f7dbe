import { chainsTo } from '../../core/graph.js';
import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import { normalizeOsvPackageName } from '../../core/osv.js';
import { versionSchemeFor } from '../../modules/versioning/index.js';
import type { AffectedMatchRow, Store } from '../ports.js';
import { isAffected } from './ranges.js';
import { type Rating, ratingRank, severityOf } from './severity.js';

export interface Finding {
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  /** The advisory reported; others that share an alias with it are in `aliases`. */
  advisory: string;
  aliases: string[];
  summary: string | null;
  severity: Rating;
  score: number | null;
  cvss: { version: string; vector: string } | null;
  /** For each affecting range, the smallest fixed version above this one. */
  fixed: string[];
  /** Dependency paths (purls, top first, down to the package's parent) for a transitive package. */
  introduced_by: string[][];
  locations: string[];
}

export interface MatchProblem {
  purl?: string;
  advisory?: string;
  code: string;
  message: string;
}

export interface VulnReport {
  findings: Finding[];
  problems: MatchProblem[];
  summary: { packages: number; findings: number } & Record<Rating, number>;
}

export interface MatchInput {
  packages: readonly InventoryPackage[];
  dependencies: readonly DependencyEdge[];
}

/**
 * Match an inventory against the advisories in the store: each package's (ecosystem, name) is looked
 * up, and each affected entry's ranges are evaluated with the ecosystem's own version ordering.
 * Advisories that name each other (GHSA and PYSEC of one CVE) are one finding per package. A version
 * that cannot be read is a problem in the report, never compared as text.
 */
export async function matchInventory(store: Store, input: MatchInput): Promise<VulnReport> {
  const problems: MatchProblem[] = [];
  const keyed = new Map<string, InventoryPackage[]>();
  for (const p of input.packages) {
    if (p.version === null) continue;
    const key = `${p.ecosystem}\u0000${normalizeOsvPackageName(p.ecosystem, p.name)}`;
    keyed.set(key, [...(keyed.get(key) ?? []), p]);
  }
  const rows = await store.repos.advisories.affectedFor(
    [...keyed.keys()].map((k) => {
      const [ecosystem, name] = k.split('\u0000') as [string, string];
      return { ecosystem, name };
    }),
  );
  const hits = new Map<string, { pkg: InventoryPackage; row: AffectedMatchRow; fixed: string[] }[]>();
  for (const row of rows) {
    if (row.withdrawn) continue;
    const scheme = versionSchemeFor(row.ecosystemFull);
    for (const pkg of keyed.get(`${row.ecosystem}\u0000${row.name}`) ?? []) {
      if (!scheme) {
        problems.push({
          purl: pkg.purl,
          advisory: row.advisoryId,
          code: 'ERR_OSPO_NO_VERSION_SCHEME',
          message: `no version ordering for ${row.ecosystemFull}`,
        });
        continue;
      }
      const result = isAffected(
        pkg.version as string,
        { ranges: row.ranges, versions: row.versions },
        scheme,
      );
      for (const p of result.problems)
        problems.push({ purl: pkg.purl, advisory: row.advisoryId, code: p.code, message: p.message });
      if (!result.affected) continue;
      hits.set(pkg.purl, [...(hits.get(pkg.purl) ?? []), { pkg, row, fixed: result.fixed }]);
    }
  }
  const parents = parentMap(input.dependencies);
  const findings: Finding[] = [];
  for (const list of hits.values()) {
    for (const group of groupByAlias(list)) {
      const chosen = pickAdvisory(group.map((h) => h.row));
      const first = group.find((h) => h.row.advisoryId === chosen) ?? (group[0] as (typeof group)[number]);
      const ids = new Set(group.flatMap((h) => [h.row.advisoryId, ...h.row.aliases]));
      ids.delete(chosen);
      const severity = severityOf(group.map((h) => h.row.severity));
      const pkg = first.pkg;
      findings.push({
        purl: pkg.purl,
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version as string,
        advisory: chosen,
        aliases: [...ids].sort(),
        summary: first.row.summary,
        severity: severity.rating,
        score: severity.score,
        cvss: severity.cvss,
        fixed: [...new Set(group.flatMap((h) => h.fixed))],
        introduced_by: pkg.direct === true ? [] : pathsTo(pkg.purl, parents),
        locations: pkg.locations.map((l) => l.path),
      });
    }
  }
  findings.sort(
    (a, b) =>
      ratingRank(b.severity) - ratingRank(a.severity) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : a.advisory < b.advisory ? -1 : 1),
  );
  const summary: VulnReport['summary'] = {
    packages: input.packages.length,
    findings: findings.length,
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
  };
  for (const f of findings) summary[f.severity]++;
  return { findings, problems, summary };
}

/** Connected groups of a package's hits: two advisories belong together when one names the other. */
function groupByAlias<T extends { row: AffectedMatchRow }>(hits: T[]): T[][] {
  const groups: { names: Set<string>; hits: T[] }[] = [];
  for (const hit of hits) {
    const names = new Set([hit.row.advisoryId, ...hit.row.aliases]);
    const joined = groups.filter((g) => [...names].some((n) => g.names.has(n)));
    const merged = { names, hits: [hit] };
    for (const g of joined) {
      for (const n of g.names) merged.names.add(n);
      merged.hits.push(...g.hits);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  return groups.map((g) => g.hits);
}

/** GitHub's GHSA ids first (they carry the most detail in OSV), then by id. */
function pickAdvisory(rows: AffectedMatchRow[]): string {
  const ids = [...new Set(rows.map((r) => r.advisoryId))].sort();
  return ids.find((id) => id.startsWith('GHSA-')) ?? (ids[0] as string);
}

function parentMap(edges: readonly DependencyEdge[]): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  return parents;
}

/** Up to three shortest chains from a top node (nothing depends on it) down to the package's parent. */
function pathsTo(purl: string, parents: ReadonlyMap<string, string[]>): string[][] {
  return chainsTo(purl, (n) => parents.get(n) ?? [], { limit: 3 })
    .filter((chain) => chain.length > 1)
    .map((chain) => chain.slice(0, -1));
}
