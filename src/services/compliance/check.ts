import { chainsTo } from '../../core/graph.js';
import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import { type EvaluationOptions, evaluatePackage, type LicenseVerdict } from './evaluate.js';
import type { DistributionContext, Verdict } from './policy.js';

/** One package of an inventory with its license verdict. */
export interface CheckedPackage {
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  /** The files it was found in. */
  locations: string[];
  /** Declared license strings, as found. */
  declared: string[];
  /** Detected from license texts beside the package, when any. */
  detected: string | null;
  /** What a package registry declares, when asked (`--online`) because the files declare nothing. */
  registry?: { licenses: string[]; url: string };
  result: LicenseVerdict;
  /**
   * For a package that is not allowed: a chain of purls from a package the project depends on directly
   * (or a root of the graph) down to this one, so people see what brings it in.
   */
  introducedBy?: string[];
}

export interface CheckSummary {
  packages: number;
  allow: number;
  review: number;
  deny: number;
  /** Allowed only thanks to a waiver. */
  waived: number;
}

export interface CheckReport {
  context: DistributionContext;
  project: string | null;
  summary: CheckSummary;
  /** Worst first (deny, review, allow), then by purl. */
  packages: CheckedPackage[];
}

export interface CheckInput {
  packages: readonly InventoryPackage[];
  dependencies: readonly DependencyEdge[];
  /** License strings package registries declare, by purl (`--online`); used when the files declare none. */
  registry?: ReadonlyMap<string, { licenses: string[]; url: string }>;
  /** Detected license expressions by purl (license files of installed packages); used when none is declared. */
  detected?: ReadonlyMap<string, string | null>;
}

const rank: Record<Verdict, number> = { deny: 0, review: 1, allow: 2 };

/** Judge every package of an inventory against the policy, in the project's context. */
export function checkInventory(input: CheckInput, options: EvaluationOptions): CheckReport {
  const summary: CheckSummary = { packages: 0, allow: 0, review: 0, deny: 0, waived: 0 };
  const parents = new Map<string, string[]>();
  for (const e of input.dependencies) {
    const list = parents.get(e.to);
    if (list) list.push(e.from);
    else parents.set(e.to, [e.from]);
  }
  const direct = new Set(input.packages.filter((p) => p.direct === true).map((p) => p.purl));
  const context: DistributionContext = options.context ?? options.policy.context;
  const packages: CheckedPackage[] = input.packages.map((p) => {
    const detected = input.detected?.get(p.purl) ?? null;
    const registry = p.licenses.length === 0 ? input.registry?.get(p.purl) : undefined;
    const declared = p.licenses.length > 0 ? p.licenses : (registry?.licenses ?? []);
    const result = evaluatePackage(
      {
        ecosystem: p.ecosystem,
        name: p.name,
        version: p.version,
        scope: p.scope,
        purl: p.purl,
        declared,
        // license files fill in for packages that declare nothing; declared licenses come first
        ...(declared.length === 0 ? { detected } : {}),
      },
      options,
    );
    summary.packages++;
    summary[result.verdict]++;
    if (result.waived) summary.waived++;
    const checked: CheckedPackage = {
      purl: p.purl,
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      scope: p.scope,
      direct: p.direct,
      locations: p.locations.map((l) => l.path),
      declared: [...p.licenses],
      detected,
      ...(registry ? { registry } : {}),
      result,
    };
    if (result.verdict !== 'allow' && p.direct !== true) {
      const [path] = chainsTo(p.purl, (n) => parents.get(n) ?? [], { isTop: (n) => direct.has(n), limit: 1 });
      if (path && path.length > 1) checked.introducedBy = path;
    }
    return checked;
  });
  packages.sort((a, b) => rank[a.result.verdict] - rank[b.result.verdict] || (a.purl < b.purl ? -1 : 1));
  return { context, project: options.project ?? null, summary, packages };
}

/** Exit status for CI: 1 when a package is denied, or (with `failOn: 'review'`) needs review. */
export function checkFails(report: CheckReport, failOn: 'deny' | 'review'): boolean {
  return report.summary.deny > 0 || (failOn === 'review' && report.summary.review > 0);
}
