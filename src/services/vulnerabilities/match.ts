import { chainsTo } from '../../core/graph.js';
import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import { normalizeOsvPackageName } from '../../core/osv.js';
import type { VersionScheme } from '../../core/versioning.js';
import { versionSchemeFor } from '../../modules/versioning/index.js';
import type { AffectedMatchRow, Store } from '../ports.js';
import { ParsedVersions } from './parsed-versions.js';
import { affectedEvaluator } from './ranges.js';
import { listSeverity, type Rating, ratingRank, type Severity, strongestSeverity } from './severity.js';

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

interface Hit {
  pkg: InventoryPackage;
  row: AffectedMatchRow;
  fixed: string[];
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
  // ecosystem, then normalized name: the packages of that name
  const keyed = new Map<string, Map<string, InventoryPackage[]>>();
  const pairs: { ecosystem: string; name: string }[] = [];
  for (const p of input.packages) {
    if (p.version === null) continue;
    const name = normalizeOsvPackageName(p.ecosystem, p.name);
    let names = keyed.get(p.ecosystem);
    if (!names) {
      names = new Map();
      keyed.set(p.ecosystem, names);
    }
    const same = names.get(name);
    if (same) same.push(p);
    else {
      names.set(name, [p]);
      pairs.push({ ecosystem: p.ecosystem, name });
    }
  }
  const hits = new Map<string, Hit[]>();
  const schemes = new Map<string, VersionScheme | null>();
  // each distinct version text parsed once for the whole run
  const parsed = new ParsedVersions();
  // rows come an ecosystem at a time: its names looked up once per run of them
  let ecosystem: string | null = null;
  let names: Map<string, InventoryPackage[]> | undefined;
  for await (const rows of store.repos.advisories.affectedToMatch(pairs)) {
    for (const row of rows) {
      if (row.ecosystem !== ecosystem) {
        ecosystem = row.ecosystem;
        names = keyed.get(ecosystem);
      }
      const packages = names?.get(row.name);
      if (!packages) continue;
      let scheme = schemes.get(row.ecosystemFull);
      if (scheme === undefined) {
        scheme = versionSchemeFor(row.ecosystemFull);
        schemes.set(row.ecosystemFull, scheme);
      }
      if (!scheme) {
        for (const pkg of packages) {
          problems.push({
            purl: pkg.purl,
            advisory: row.advisoryId,
            code: 'ERR_OSPO_NO_VERSION_SCHEME',
            message: `no version ordering for ${row.ecosystemFull}`,
          });
        }
        continue;
      }
      const evaluate = affectedEvaluator({ ranges: row.ranges, versions: row.versions }, scheme, {}, parsed);
      for (const pkg of packages) {
        const result = evaluate(pkg.version as string);
        for (const p of result.problems)
          problems.push({ purl: pkg.purl, advisory: row.advisoryId, code: p.code, message: p.message });
        if (!result.affected) continue;
        const hit = { pkg, row, fixed: result.fixed };
        const list = hits.get(pkg.purl);
        if (list) list.push(hit);
        else hits.set(pkg.purl, [hit]);
      }
    }
  }
  const parents = parentMap(input.dependencies);
  const paths = new Map<string, string[][]>();
  const severities = new Map<unknown[], Severity>();
  const findings: Finding[] = [];
  for (const list of hits.values()) {
    for (const group of list.length === 1 ? [list] : groupByAlias(list)) {
      let first: Hit;
      let ids: Set<string>;
      let severity: Severity;
      let fixed: string[];
      if (group.length === 1) {
        // most findings come from one advisory
        first = group[0] as Hit;
        ids = new Set(first.row.aliases);
        ids.delete(first.row.advisoryId);
        severity = rowSeverity(first.row, severities);
        fixed = first.fixed.length < 2 ? first.fixed.slice() : [...new Set(first.fixed)];
      } else {
        const chosen = pickAdvisory(group.map((h) => h.row));
        first = group.find((h) => h.row.advisoryId === chosen) ?? (group[0] as Hit);
        ids = new Set(group.flatMap((h) => [h.row.advisoryId, ...h.row.aliases]));
        ids.delete(chosen);
        severity = strongestSeverity(group.map((h) => rowSeverity(h.row, severities)));
        fixed = [...new Set(group.flatMap((h) => h.fixed))];
      }
      const pkg = first.pkg;
      let introducedBy: string[][] = [];
      if (pkg.direct !== true) {
        // a package in several findings is walked up once
        const known = paths.get(pkg.purl);
        introducedBy = known ?? pathsTo(pkg.purl, parents);
        if (!known) paths.set(pkg.purl, introducedBy);
      }
      findings.push({
        purl: pkg.purl,
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version as string,
        advisory: first.row.advisoryId,
        aliases: ids.size === 0 ? [] : [...ids].sort(),
        summary: first.row.summary,
        severity: severity.rating,
        score: severity.score,
        cvss: severity.cvss && { ...severity.cvss },
        fixed,
        introduced_by: introducedBy.map((chain) => chain.slice()),
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

/**
 * Connected groups of a package's hits: two advisories belong together when one names the other.
 * Groups in the order their newest hit came, each hit first and then the hits of the groups it
 * joined, oldest group first (union-find over the names, so a package with hundreds of advisories
 * is not quadratic).
 */
function groupByAlias<T extends { row: AffectedMatchRow }>(hits: T[]): T[][] {
  interface Group {
    seq: number;
    hits: T[];
    into: Group | null;
  }
  const root = (g: Group): Group => {
    let r = g;
    while (r.into) r = r.into;
    for (let x = g; x.into && x.into !== r; ) {
      const next: Group = x.into;
      x.into = r;
      x = next;
    }
    return r;
  };
  const owner = new Map<string, Group>();
  const all: Group[] = [];
  for (const hit of hits) {
    const names = [hit.row.advisoryId, ...hit.row.aliases];
    const joined: Group[] = [];
    for (const n of names) {
      const g = owner.get(n);
      if (!g) continue;
      const r = root(g);
      if (!joined.includes(r)) joined.push(r);
    }
    joined.sort((a, b) => a.seq - b.seq);
    const merged: Group = { seq: all.length, hits: [hit], into: null };
    for (const g of joined) {
      merged.hits.push(...g.hits);
      g.hits = [];
      g.into = merged;
    }
    for (const n of names) owner.set(n, merged);
    all.push(merged);
  }
  return all.filter((g) => g.into === null).map((g) => g.hits);
}

/** GitHub's GHSA ids first (they carry the most detail in OSV), then by id. */
function pickAdvisory(rows: AffectedMatchRow[]): string {
  const ids = [...new Set(rows.map((r) => r.advisoryId))].sort();
  return ids.find((id) => id.startsWith('GHSA-')) ?? (ids[0] as string);
}

function parentMap(edges: readonly DependencyEdge[]): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    const list = parents.get(e.to);
    if (list) list.push(e.from);
    else parents.set(e.to, [e.from]);
  }
  return parents;
}

/**
 * A row's severity, scored once per `severity` list: the store hands out one list for each distinct
 * one (the same vectors recur a lot), so they are told apart by identity.
 */
function rowSeverity(row: AffectedMatchRow, known: Map<unknown[], Severity>): Severity {
  let severity = known.get(row.severity);
  if (!severity) {
    severity = listSeverity(row.severity);
    known.set(row.severity, severity);
  }
  return severity;
}

/** Up to three shortest chains from a top node (nothing depends on it) down to the package's parent. */
function pathsTo(purl: string, parents: ReadonlyMap<string, string[]>): string[][] {
  return chainsTo(purl, (n) => parents.get(n) ?? [], { limit: 3 })
    .filter((chain) => chain.length > 1)
    .map((chain) => chain.slice(0, -1));
}
