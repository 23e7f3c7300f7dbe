import { createHash } from 'node:crypto';
import type { InventoryPackage } from '../../core/inventory.js';
import type { Project } from '../../core/schemas.js';
import type { LicenseCategory } from '../../core/spdx/categories.js';
import { packageVersion } from '../../core/version.js';
import { type Actor, authorize } from '../actor.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { LicenseSummaryRecord, ProjectScanTime, ScanPackageRow, Store } from '../ports.js';
import { getProject } from '../projects.js';
import { projectScope } from '../scope.js';
import { type CheckedPackage, type CheckSummary, checkInventory } from './check.js';
import type { DistributionContext, Verdict } from './policy.js';
import { readPolicy, storedWaivers } from './records.js';
import { type Waiver, waiverExpiresAt } from './waivers.js';

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

/**
 * Every project's latest scan, judged; worst projects first. Each scan's counts are kept per
 * fingerprint (scan_license_summaries), so only scans whose policy, context or waivers changed since
 * they were last judged are read and judged again; the rest is one query.
 */
export async function portfolioLicenses(
  store: Store,
  actor: Actor,
  options: { newest?: readonly ProjectScanTime[]; now?: Date } = {},
): Promise<PortfolioLicenses> {
  authorize(actor, 'policy:read');
  authorize(actor, 'scans:read');
  const now = options.now ?? new Date();
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
  const newest = new Map(
    (options.newest ?? (await store.repos.scans.newestPerProject())).map((s) => [s.projectId, s.scanId]),
  );
  const context = await loadContext(store);
  const policyHash = sha256(JSON.stringify(context.policy));
  // the policy's own waivers expire too; which are in force is part of each fingerprint
  const inForce = inForceAt([...context.policy.waivers, ...context.waivers], now);
  const scanIds = projects.map((p) => newest.get(p.id)).filter((id): id is string => typeof id === 'string');
  const stored = new Map<string, LicenseSummaryRecord>();
  for (let i = 0; i < scanIds.length; i += 1000) {
    for (const row of await store.repos.licenseSummaries.get(scanIds.slice(i, i + 1000)))
      stored.set(row.scanId, row);
  }
  const totals: CheckSummary = { packages: 0, allow: 0, review: 0, deny: 0, waived: 0 };
  const categories: Partial<Record<LicenseCategory, number>> = {};
  const rows: PortfolioLicenses['projects'] = [];
  const fresh: LicenseSummaryRecord[] = [];
  for (const project of projects) {
    const scanId = newest.get(project.id) ?? null;
    const projectContext = project.distribution ?? context.policy.context;
    let summary: CheckSummary = { packages: 0, allow: 0, review: 0, deny: 0, waived: 0 };
    let counted: Partial<Record<LicenseCategory, number>> = {};
    let judgedContext: DistributionContext = projectContext;
    if (scanId) {
      const fingerprint = fingerprintOf(policyHash, project, projectContext, inForce);
      const kept = stored.get(scanId);
      if (kept && kept.fingerprint === fingerprint) {
        summary = kept.summary;
        counted = kept.categories as Partial<Record<LicenseCategory, number>>;
        judgedContext = kept.context as DistributionContext;
      } else {
        const judged = await judgeScan(store, project, scanId, context, now);
        summary = judged.summary;
        counted = judged.categories;
        judgedContext = judged.context;
        fresh.push({
          scanId,
          fingerprint,
          policyVersion: context.policyVersion,
          context: judged.context,
          summary,
          categories: counted,
        });
        if (fresh.length >= 100) await store.repos.licenseSummaries.put(fresh.splice(0));
      }
    }
    for (const key of ['packages', 'allow', 'review', 'deny', 'waived'] as const) totals[key] += summary[key];
    for (const [category, n] of Object.entries(counted)) {
      const k = category as LicenseCategory;
      categories[k] = (categories[k] ?? 0) + n;
    }
    rows.push({
      id: project.id,
      name: project.name,
      scanId,
      context: judgedContext,
      summary,
      categories: counted,
    });
  }
  await store.repos.licenseSummaries.put(fresh);
  rows.sort(
    (a, b) =>
      b.summary.deny - a.summary.deny || b.summary.review - a.summary.review || (a.name < b.name ? -1 : 1),
  );
  return { policyVersion: context.policyVersion, totals, categories, projects: rows };
}

const warming = new WeakMap<Store, { run: Promise<void>; again: boolean }>();

/**
 * Judge again, in the background, the scans a change of policy, waivers or a project's context left
 * with stale counts, so the next portfolio view does not wait for them. One run per store at a time;
 * a change during a run asks for one more. Resolves when the work is done; never rejects (a failure is
 * left for the next request to meet).
 */
export function warmPortfolioLicenses(store: Store): Promise<void> {
  const running = warming.get(store);
  if (running) {
    running.again = true;
    return running.run;
  }
  const state = { run: Promise.resolve(), again: true };
  state.run = (async () => {
    try {
      while (state.again) {
        state.again = false;
        await portfolioLicenses(store, { kind: 'local', name: 'system' });
      }
    } catch {
      // the next request judges what is left
    } finally {
      warming.delete(store);
    }
  })();
  warming.set(store, state);
  return state.run;
}

/** Bump when the way verdicts are judged or counted changes, so kept counts are judged again. */
const SUMMARY_FORMAT = 1;
/** Another release may judge differently: its counts are its own. */
let judgedBy: string | undefined;
function toolVersion(): string {
  if (judgedBy === undefined) {
    try {
      judgedBy = packageVersion();
    } catch {
      judgedBy = 'unknown'; // a build without package.json beside it (benchmark builds)
    }
  }
  return judgedBy;
}

/**
 * What a scan's counts depend on besides its packages: the policy, the context the project is judged
 * in, its name (project-scoped waivers) and the waivers in force now that may apply to it. A waiver
 * that expires drops out, so the fingerprint changes the moment it would stop applying.
 */
function fingerprintOf(
  policyHash: string,
  project: Project,
  context: DistributionContext,
  inForce: readonly InForceWaiver[],
): string {
  const touching = inForce.filter((w) => w.project === '*' || w.project === project.name).map((w) => w.text);
  return sha256(JSON.stringify([SUMMARY_FORMAT, toolVersion(), policyHash, context, project.name, touching]));
}

interface InForceWaiver {
  project: string;
  text: string;
}

/** The waivers not expired at `now`, each as text, in a stable order: once per request, not per project. */
function inForceAt(waivers: readonly Waiver[], now: Date): InForceWaiver[] {
  return waivers
    .filter((w) => !expiredAt(w, now))
    .map((w) => ({ project: w.project, text: JSON.stringify(w) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

function expiredAt(waiver: Waiver, now: Date): boolean {
  try {
    return now.getTime() >= waiverExpiresAt(waiver).getTime();
  } catch {
    return false; // judging reports the bad expiry
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
): Promise<Omit<ProjectLicenses, 'items' | 'next'> & { packages: CheckedPackage[] }> {
  const context = await loadContext(store);
  const [latest] = await store.repos.scans.listForProject(project.id, { limit: 1 });
  const judged = await judgeScan(store, project, latest?.id ?? null, context, new Date());
  return {
    project: { id: project.id, name: project.name },
    scanId: latest?.id ?? null,
    scannedAt: latest?.createdAt ?? null,
    policyVersion: context.policyVersion,
    ...judged,
  };
}

async function judgeScan(
  store: Store,
  project: Project,
  scanId: string | null,
  context: Context,
  now: Date,
): Promise<{
  context: DistributionContext;
  summary: CheckSummary;
  categories: Partial<Record<LicenseCategory, number>>;
  packages: CheckedPackage[];
}> {
  const packages = scanId ? await allRows(store, scanId) : [];
  const edges = scanId ? await store.repos.scans.edges(scanId) : [];
  const report = checkInventory(
    { packages: packages.map(toInventoryPackage), dependencies: edges },
    {
      policy: context.policy,
      ...(project.distribution ? { context: project.distribution } : {}),
      project: project.name,
      waivers: context.waivers,
      now,
    },
  );
  const categories: Partial<Record<LicenseCategory, number>> = {};
  for (const p of report.packages) {
    for (const category of new Set(p.result.reasons.map((r) => r.category))) {
      categories[category] = (categories[category] ?? 0) + 1;
    }
  }
  return { context: report.context, summary: report.summary, categories, packages: report.packages };
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
