import type { InventoryPackage } from '../../core/inventory.js';
import type { Project } from '../../core/schemas.js';
import type { LicenseCategory } from '../../core/spdx/categories.js';
import { type Actor, authorize } from '../actor.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { ScanPackageRow, Store } from '../ports.js';
import { getProject } from '../projects.js';
import { projectScope } from '../scope.js';
import { type CheckedPackage, type CheckSummary, checkInventory } from './check.js';
import type { DistributionContext, Verdict } from './policy.js';
import { readPolicy, storedWaivers } from './records.js';

/**
 * License verdicts of stored scans: a project's latest scan judged against the policy and waivers in
 * force now, and the same across the portfolio. Computed on request, so a policy change shows at once.
 */

export interface ProjectLicenses {
  project: { id: string; name: string };
  /** The scan judged: the project's newest; null when it has none. */
  scanId: string | null;
  scannedAt: string | null;
  policyVersion: number;
  context: DistributionContext;
  summary: CheckSummary;
  /** Packages by the categories of their (elected) licenses; a package under two categories counts in both. */
  categories: Partial<Record<LicenseCategory, number>>;
  items: CheckedPackage[];
  next: string | null;
}

export interface VerdictQuery {
  verdict?: Verdict | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function projectLicenses(
  store: Store,
  actor: Actor,
  projectRef: string,
  query: VerdictQuery,
): Promise<ProjectLicenses> {
  authorize(actor, 'policy:read');
  authorize(actor, 'scans:read');
  const project = await getProject(store, actor, projectRef);
  const judged = await judgeLatest(store, project);
  let items = judged.packages;
  if (query.verdict) items = items.filter((p) => p.result.verdict === query.verdict);
  const q = query.q?.toLowerCase();
  if (q) items = items.filter((p) => p.name.toLowerCase().includes(q));
  const start = query.cursor ? Number(decodeCursor(query.cursor)?.key ?? 0) : 0;
  const page = items.slice(start, start + query.limit);
  const next =
    start + query.limit < items.length ? encodeCursor({ key: String(start + query.limit), id: '' }) : null;
  const { packages: _all, ...rest } = judged;
  return { ...rest, items: page, next };
}

export interface PortfolioLicenses {
  policyVersion: number;
  totals: CheckSummary;
  categories: Partial<Record<LicenseCategory, number>>;
  projects: {
    id: string;
    name: string;
    scanId: string | null;
    context: DistributionContext;
    summary: CheckSummary;
    categories: Partial<Record<LicenseCategory, number>>;
  }[];
}

/** Every project's latest scan, judged; worst projects first. */
export async function portfolioLicenses(store: Store, actor: Actor): Promise<PortfolioLicenses> {
  authorize(actor, 'policy:read');
  authorize(actor, 'scans:read');
  const projects: Project[] = [];
  const teamIds = (await projectScope(store, actor))?.teamIds;
  let after: { key: string; id: string } | undefined;
  for (;;) {
    const page = await store.repos.projects.list({ limit: 500, after, teamIds });
    projects.push(...page);
    const last = page.at(-1);
    if (page.length < 500 || !last) break;
    after = { key: last.name.toLowerCase(), id: last.id };
  }
  const context = await loadContext(store);
  const totals: CheckSummary = { packages: 0, allow: 0, review: 0, deny: 0, waived: 0 };
  const categories: Partial<Record<LicenseCategory, number>> = {};
  const rows: PortfolioLicenses['projects'] = [];
  for (const project of projects) {
    const judged = await judgeLatest(store, project, context);
    for (const key of ['packages', 'allow', 'review', 'deny', 'waived'] as const)
      totals[key] += judged.summary[key];
    for (const [category, n] of Object.entries(judged.categories)) {
      const k = category as LicenseCategory;
      categories[k] = (categories[k] ?? 0) + n;
    }
    rows.push({
      id: project.id,
      name: project.name,
      scanId: judged.scanId,
      context: judged.context,
      summary: judged.summary,
      categories: judged.categories,
    });
  }
  rows.sort(
    (a, b) =>
      b.summary.deny - a.summary.deny || b.summary.review - a.summary.review || (a.name < b.name ? -1 : 1),
  );
  return { policyVersion: context.policyVersion, totals, categories, projects: rows };
}

interface Context {
  policyVersion: number;
  policy: Awaited<ReturnType<typeof readPolicy>>['policy'];
  waivers: Awaited<ReturnType<typeof storedWaivers>>;
}

async function loadContext(store: Store): Promise<Context> {
  const [policy, waivers] = await Promise.all([readPolicy(store), storedWaivers(store)]);
  return { policyVersion: policy.version, policy: policy.policy, waivers };
}

async function judgeLatest(
  store: Store,
  project: Project,
  loaded?: Context,
): Promise<Omit<ProjectLicenses, 'items' | 'next'> & { packages: CheckedPackage[] }> {
  const context = loaded ?? (await loadContext(store));
  const [latest] = await store.repos.scans.listForProject(project.id, { limit: 1 });
  const packages = latest ? await allRows(store, latest.id) : [];
  const edges = latest ? await store.repos.scans.edges(latest.id) : [];
  const report = checkInventory(
    { packages: packages.map(toInventoryPackage), dependencies: edges },
    {
      policy: context.policy,
      ...(project.distribution ? { context: project.distribution } : {}),
      project: project.name,
      waivers: context.waivers,
    },
  );
  const categories: Partial<Record<LicenseCategory, number>> = {};
  for (const p of report.packages) {
    for (const category of new Set(p.result.reasons.map((r) => r.category))) {
      categories[category] = (categories[category] ?? 0) + 1;
    }
  }
  return {
    project: { id: project.id, name: project.name },
    scanId: latest?.id ?? null,
    scannedAt: latest?.createdAt ?? null,
    policyVersion: context.policyVersion,
    context: report.context,
    summary: report.summary,
    categories,
    packages: report.packages,
  };
}

async function allRows(store: Store, scanId: string): Promise<ScanPackageRow[]> {
  const out: ScanPackageRow[] = [];
  let after: { key: string; id: string } | undefined;
  for (;;) {
    const page = await store.repos.scans.packages(scanId, { limit: 5000, after });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < 5000 || !last) return out;
    after = { key: last.purl, id: last.purl };
  }
}

function toInventoryPackage(row: ScanPackageRow): InventoryPackage {
  return {
    ecosystem: row.ecosystem as InventoryPackage['ecosystem'],
    name: row.name,
    version: row.version,
    purl: row.purl,
    scope: row.scope as InventoryPackage['scope'],
    direct: row.direct,
    licenses: row.licenses,
    locations: row.locations.map((path) => ({ path })),
  };
}
