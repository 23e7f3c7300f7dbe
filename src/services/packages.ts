import type { Ecosystem, Scope } from '../core/inventory.js';
import type { Project } from '../core/schemas.js';
import { type Actor, authorize, can } from './actor.js';
import { evaluatePackage } from './compliance/evaluate.js';
import type { Verdict } from './compliance/policy.js';
import { readPolicy, storedWaivers } from './compliance/records.js';
import type { NewFinding, Store, StoredFinding, TriageRecord } from './ports.js';
import { type WhereReport, type WhereRow, whereUsedInDetail } from './vulnerabilities/where.js';

/**
 * One package across the portfolio: every project and version that uses it (its blast radius, from
 * whereUsed), the licenses the scans declare for it with each project's verdict, and the advisories
 * that affect a version in use. One answer, so the package page needs one round trip.
 */

export interface PackageVerdict {
  verdict: Verdict;
  expression: string;
  /** The waiver that allowed it, when one did. */
  waived: string | null;
  context: string;
}

export interface PackageUsageRow extends WhereRow {
  /** The project's license verdict on this package; null when the caller may not read verdicts. */
  verdict: PackageVerdict | null;
}

export interface PackageAdvisory {
  id: string;
  aliases: string[];
  summary: string | null;
  severity: NewFinding['severity'];
  score: number | null;
  /** The smallest fixed versions above the affected versions in use. */
  fixed: string[];
  /** The versions in use it affects. */
  versions: string[];
  projects: number;
  /** Findings not closed by triage (resolved, false positive, not affected). */
  open: number;
}

export interface PackageReport {
  query: WhereReport['query'];
  projects: number;
  /** Each version in use with how many projects use it, by purl. */
  versions: { purl: string; version: string | null; projects: number }[];
  usage: PackageUsageRow[];
  /** Declared licenses as the scans saw them (several strings of one package joined by AND). */
  licenses: { expression: string; projects: number; versions: (string | null)[] }[];
  advisories: PackageAdvisory[];
  /** The policy version the verdicts come from; null when there are none. */
  policyVersion: number | null;
}

export async function packageReport(
  store: Store,
  actor: Actor,
  query: { package: string; ecosystem?: string | undefined },
): Promise<PackageReport> {
  authorize(actor, 'scans:read');
  const { report, findings } = await whereUsedInDetail(store, actor, query);
  const judge = can(actor, 'policy:read') && report.rows.length > 0 ? await judgeFor(store, report) : null;
  const usage = report.rows.map((row) => ({ ...row, verdict: judge ? judge(row) : null }));
  return {
    query: report.query,
    projects: report.projects,
    versions: versionsOf(report.rows),
    usage,
    licenses: licensesOf(report.rows),
    advisories: can(actor, 'advisories:read') ? advisoriesOf([...findings.values()].flat()) : [],
    policyVersion: judge ? judge.policyVersion : null,
  };
}

type Judge = ((row: WhereRow) => PackageVerdict) & { policyVersion: number };

/** Each row judged as its project's license check would judge it: policy, waivers, distribution context. */
async function judgeFor(store: Store, report: WhereReport): Promise<Judge> {
  const [policy, waivers] = [await readPolicy(store), await storedWaivers(store)];
  const ids = [...new Set(report.rows.map((r) => r.projectId))];
  const projects = new Map<string, Project | null>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const p of await store.repos.projects.getMany(ids.slice(i, i + 1000))) projects.set(p.id, p);
  }
  // the same version in many projects mostly gets the same answer: judge each distinct case once
  const projectScoped = [...policy.policy.waivers, ...waivers].some((w) => w.project !== '*');
  const judged = new Map<string, PackageVerdict>();
  const judge = (row: WhereRow): PackageVerdict => {
    const project = projects.get(row.projectId) ?? null;
    const key = JSON.stringify([
      row.purl,
      row.scope,
      row.licenses,
      project?.distribution ?? null,
      projectScoped ? row.projectName : null,
    ]);
    const known = judged.get(key);
    if (known) return known;
    const verdict = judgeRow(row, project);
    judged.set(key, verdict);
    return verdict;
  };
  const judgeRow = (row: WhereRow, project: Project | null): PackageVerdict => {
    const result = evaluatePackage(
      {
        ecosystem: row.ecosystem as Ecosystem,
        name: row.name,
        version: row.version,
        scope: row.scope as Scope,
        purl: row.purl,
        declared: row.licenses,
      },
      {
        policy: policy.policy,
        ...(project?.distribution ? { context: project.distribution } : {}),
        project: row.projectName,
        waivers,
      },
    );
    return {
      verdict: result.verdict,
      expression: result.expression,
      waived: result.waived ?? null,
      context: result.context,
    };
  };
  return Object.assign(judge, { policyVersion: policy.version });
}

function versionsOf(rows: readonly WhereRow[]): PackageReport['versions'] {
  const byPurl = new Map<string, { purl: string; version: string | null; projects: Set<string> }>();
  for (const r of rows) {
    const v = byPurl.get(r.purl) ?? { purl: r.purl, version: r.version, projects: new Set<string>() };
    v.projects.add(r.projectId);
    byPurl.set(r.purl, v);
  }
  return [...byPurl.values()]
    .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0))
    .map((v) => ({ purl: v.purl, version: v.version, projects: v.projects.size }));
}

function licensesOf(rows: readonly WhereRow[]): PackageReport['licenses'] {
  const byExpression = new Map<string, { projects: Set<string>; versions: Set<string | null> }>();
  for (const r of rows) {
    const expression = r.licenses.length ? r.licenses.join(' AND ') : '';
    const entry = byExpression.get(expression) ?? { projects: new Set(), versions: new Set() };
    entry.projects.add(r.projectId);
    entry.versions.add(r.version);
    byExpression.set(expression, entry);
  }
  return [...byExpression.entries()]
    .map(([expression, e]) => ({ expression, projects: e.projects.size, versions: [...e.versions] }))
    .sort((a, b) => b.projects - a.projects || (a.expression < b.expression ? -1 : 1));
}

const closed: ReadonlySet<TriageRecord['state']> = new Set(['resolved', 'false_positive', 'not_affected']);
const rank = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 } as const;

/** The findings grouped by advisory, worst first. */
function advisoriesOf(findings: readonly StoredFinding[]): PackageAdvisory[] {
  const byId = new Map<
    string,
    PackageAdvisory & { projectIds: Set<string>; fixedSet: Set<string>; versionSet: Set<string> }
  >();
  for (const f of findings) {
    let a = byId.get(f.advisory);
    if (!a) {
      a = {
        id: f.advisory,
        aliases: f.aliases,
        summary: f.summary,
        severity: f.severity,
        score: f.score,
        fixed: [],
        versions: [],
        projects: 0,
        open: 0,
        projectIds: new Set(),
        fixedSet: new Set(),
        versionSet: new Set(),
      };
      byId.set(f.advisory, a);
    }
    a.projectIds.add(f.projectId);
    for (const v of f.fixed) a.fixedSet.add(v);
    a.versionSet.add(f.version);
    if (!f.triage || !closed.has(f.triage.state)) a.open++;
  }
  return [...byId.values()]
    .map(({ projectIds, fixedSet, versionSet, ...a }) => ({
      ...a,
      fixed: [...fixedSet].sort(),
      versions: [...versionSet].sort(),
      projects: projectIds.size,
    }))
    .sort(
      (a, b) =>
        rank[b.severity] - rank[a.severity] || (b.score ?? -1) - (a.score ?? -1) || (a.id < b.id ? -1 : 1),
    );
}
