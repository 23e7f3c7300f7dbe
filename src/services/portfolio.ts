import type { AuditEntry } from '../core/schemas.js';
import type { LicenseCategory } from '../core/spdx/categories.js';
import { type Actor, authorize, can } from './actor.js';
import type { CheckSummary } from './compliance/check.js';
import { portfolioLicenses } from './compliance/verdicts.js';
import type { ProjectScanTime, SeverityCounts, Store } from './ports.js';
import { projectScope, visibleProjectIds } from './scope.js';
import { type VulnerabilitySummary, vulnerabilitySummary } from './vulnerabilities/findings.js';

/**
 * The portfolio home in one answer: how many projects, which are most at risk, their licenses and
 * vulnerabilities, which have gone unscanned, and what happened lately. Each part needs its own
 * permission; a part the caller may not read is null (activity: left out), never an error.
 */

export const STALE_AFTER_DAYS = 30;
const RISK_ROWS = 10;
const FRESHNESS_NAMES = 10;
const ACTIVITY_ENTRIES = 15;

export interface RiskRow {
  id: string;
  name: string;
  /** The newest scan's time; null when the project has none. */
  scannedAt: string | null;
  open: SeverityCounts;
  /** Denied and to-review packages of the newest scan; null when the caller may not read verdicts. */
  licenses: { deny: number; review: number } | null;
}

export interface FreshnessList<T> {
  count: number;
  /** The first few, oldest first. */
  projects: T[];
}

export interface PortfolioHome {
  generatedAt: string;
  projects: { total: number; scanned: number };
  /** Projects with open findings or license denies or reviews, worst first. */
  risk: { atRisk: number; projects: RiskRow[] };
  licenses: {
    policyVersion: number;
    totals: CheckSummary;
    categories: Partial<Record<LicenseCategory, number>>;
  } | null;
  vulnerabilities: Omit<VulnerabilitySummary, 'projectsAtRisk'> | null;
  freshness: {
    staleAfterDays: number;
    never: FreshnessList<{ id: string; name: string; createdAt: string }>;
    stale: FreshnessList<{ id: string; name: string; scannedAt: string }>;
  } | null;
  /** The newest audit entries, with the project's name for project targets; only for audit readers. */
  activity?: (AuditEntry & { targetName: string | null })[];
}

export async function portfolioHome(
  store: Store,
  actor: Actor,
  now: Date = new Date(),
): Promise<PortfolioHome> {
  authorize(actor, 'projects:read');
  const readScans = can(actor, 'scans:read');
  const readLicenses = readScans && can(actor, 'policy:read');
  const readVulns = can(actor, 'advisories:read');
  // a member sees their teams' projects (and unowned ones) only
  const scope = await projectScope(store, actor);
  const teamIds = scope?.teamIds;
  const visible = await visibleProjectIds(store, scope);
  const total = visible ? visible.size : await store.repos.projects.count();
  // sequential on purpose: PGlite has one connection, and PostgreSQL gains little for these few reads
  const newest = readScans ? await store.repos.scans.newestPerProject() : [];
  const scans = visible ? newest.filter((s) => visible.has(s.projectId)) : newest;
  const licenses = readLicenses ? await portfolioLicenses(store, actor, { newest, now }) : null;
  const vulns = readVulns ? await vulnerabilitySummary(store, actor, now) : null;
  const findings = readVulns ? await store.repos.findings.worstProjects(Math.max(total, 1), teamIds) : [];
  const activity = can(actor, 'audit:read')
    ? await store.repos.audit.list({ limit: ACTIVITY_ENTRIES })
    : undefined;

  const names = new Map(scans.map((s) => [s.projectId, s.projectName]));
  const home: PortfolioHome = {
    generatedAt: now.toISOString(),
    projects: { total, scanned: scans.filter((s) => s.scanId !== null).length },
    risk: rankRisk(scans, licenses, findings),
    licenses: licenses
      ? { policyVersion: licenses.policyVersion, totals: licenses.totals, categories: licenses.categories }
      : null,
    vulnerabilities: vulns ? withoutWorst(vulns) : null,
    freshness: readScans ? freshnessOf(scans, now) : null,
  };
  if (activity) {
    home.activity = activity.map((entry) => ({
      ...entry,
      targetName:
        entry.targetType === 'project' && entry.targetId ? (names.get(entry.targetId) ?? null) : null,
    }));
  }
  return home;
}

/** Never scanned, and scanned last more than STALE_AFTER_DAYS ago; `scans` comes oldest first. */
export function freshnessOf(
  scans: readonly ProjectScanTime[],
  now: Date,
): NonNullable<PortfolioHome['freshness']> {
  const cutoff = now.getTime() - STALE_AFTER_DAYS * 86_400_000;
  const never = scans.filter((s) => s.scannedAt === null);
  const stale = scans.filter((s) => s.scannedAt !== null && Date.parse(s.scannedAt) < cutoff);
  return {
    staleAfterDays: STALE_AFTER_DAYS,
    never: {
      count: never.length,
      projects: never
        .slice(0, FRESHNESS_NAMES)
        .map((s) => ({ id: s.projectId, name: s.projectName, createdAt: s.projectCreatedAt })),
    },
    stale: {
      count: stale.length,
      projects: stale
        .slice(0, FRESHNESS_NAMES)
        .map((s) => ({ id: s.projectId, name: s.projectName, scannedAt: s.scannedAt as string })),
    },
  };
}

type Licenses = Awaited<ReturnType<typeof portfolioLicenses>>;
type ProjectFindings = { id: string; name: string } & SeverityCounts;

/**
 * Worst first: open critical, then high findings, then denied, then to-review packages, then the other
 * open findings; ties by name. Projects with none of these are not at risk and not listed.
 */
export function rankRisk(
  scans: readonly ProjectScanTime[],
  licenses: Licenses | null,
  findings: readonly ProjectFindings[],
): PortfolioHome['risk'] {
  const rows = new Map<string, RiskRow>();
  const scannedAt = new Map(scans.map((s) => [s.projectId, s.scannedAt]));
  const row = (id: string, name: string): RiskRow => {
    let r = rows.get(id);
    if (!r) {
      r = {
        id,
        name,
        scannedAt: scannedAt.get(id) ?? null,
        open: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
        licenses: licenses ? { deny: 0, review: 0 } : null,
      };
      rows.set(id, r);
    }
    return r;
  };
  for (const f of findings) {
    const { id, name, ...open } = f;
    row(id, name).open = open;
  }
  for (const p of licenses?.projects ?? []) {
    if (p.summary.deny + p.summary.review === 0) continue;
    row(p.id, p.name).licenses = { deny: p.summary.deny, review: p.summary.review };
  }
  const key = (r: RiskRow) => [
    r.open.critical,
    r.open.high,
    r.licenses?.deny ?? 0,
    r.licenses?.review ?? 0,
    r.open.medium + r.open.low + r.open.unknown,
  ];
  const ranked = [...rows.values()].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const d = (kb[i] as number) - (ka[i] as number);
      if (d !== 0) return d;
    }
    const an = a.name.toLowerCase();
    const bn = b.name.toLowerCase();
    return an < bn ? -1 : an > bn ? 1 : a.id < b.id ? -1 : 1;
  });
  return { atRisk: ranked.length, projects: ranked.slice(0, RISK_ROWS) };
}

function withoutWorst(summary: VulnerabilitySummary): Omit<VulnerabilitySummary, 'projectsAtRisk'> {
  const { projectsAtRisk: _worst, ...rest } = summary;
  return rest;
}
