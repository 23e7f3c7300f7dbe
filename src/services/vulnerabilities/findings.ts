import { z } from 'zod';
import { InputError, NotFoundError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { justifications, triageResponses, triageStates } from '../../core/vex.js';
import { type Actor, actorName, authorize } from '../actor.js';
import type {
  FindingFilter,
  FindingSnapshot,
  FindingSort,
  SeverityCounts,
  Store,
  StoredFinding,
} from '../ports.js';
import { getProject } from '../projects.js';
import { projectScope, visibleProjectIds } from '../scope.js';
import { parseFoundKey, parseKey } from './finding-keys.js';
import { ratingRank, ratings, severityOf } from './severity.js';

/** The saved-scan side of vulnerabilities: findings across the portfolio, triage and its history. */

export const findingStates = ['open', 'untriaged', ...triageStates] as const;

export const findingSorts = ['severity', '-found', 'found'] as const satisfies readonly FindingSort[];

export const findingQuery = z.object({
  severity: z.enum(ratings).optional(),
  state: z.enum(findingStates).optional(),
  project: z.string().min(1).max(200).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(findingSorts).default('severity').meta({
    description:
      '`severity`: the queue, worst first (severity, score, project); `-found`: newest first seen first; `found`: oldest first.',
  }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(1000).optional(),
});
export type FindingQuery = z.input<typeof findingQuery>;

export interface FindingPage {
  items: StoredFinding[];
  next: string | null;
  total: number;
}

export async function listFindings(store: Store, actor: Actor, raw: FindingQuery): Promise<FindingPage> {
  authorize(actor, 'advisories:read');
  const query = validate(findingQuery, raw, 'finding query');
  const filter: FindingFilter = {
    severity: query.severity,
    state: query.state,
    q: query.q || undefined,
    projectId: query.project ? (await getProject(store, actor, query.project)).id : undefined,
    teamIds: (await projectScope(store, actor))?.teamIds,
  };
  const found = query.sort !== 'severity';
  const after = query.cursor ? decodeKey(query.cursor) : undefined;
  if (after !== undefined && (found ? parseFoundKey(after) : parseKey(after)) === null) {
    throw new InputError('ERR_OSPO_CURSOR', `the cursor is not one of a page sorted by ${query.sort}`, {
      hint: 'Pass the "next" value of the previous page with the same sort, or omit cursor for the first page.',
    });
  }
  const [rows, total] = await Promise.all([
    store.repos.findings.list({ ...filter, limit: query.limit + 1, after, sort: query.sort }),
    store.repos.findings.count(filter),
  ]);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const key = (f: StoredFinding) =>
    found ? JSON.stringify(['found', f.firstSeen, f.projectId, f.purl, f.advisory]) : findingSortKeyOf(f);
  const next = rows.length > query.limit && last ? encodeKey(key(last)) : null;
  return { items, next, total };
}

export const triageBody = z
  .object({
    purl: z.string().min(1).max(2000),
    advisory: z.string().min(1).max(200),
    state: z.enum(triageStates),
    justification: z.enum(justifications).nullable().optional(),
    response: z.array(z.enum(triageResponses)).max(triageResponses.length).optional(),
    detail: z.string().max(4000).nullable().optional(),
  })
  .strict();

/**
 * Record a decision about a finding of the project's newest scan. `not_affected` needs a
 * justification (CycloneDX and OpenVEX both ask for one). The decision, its history entry, the audit
 * entry and the new trend snapshot land together.
 */
export async function triageFinding(store: Store, actor: Actor, projectRef: string, raw: unknown) {
  authorize(actor, 'findings:triage');
  const body = validate(triageBody, raw, 'triage');
  if (body.state === 'not_affected' && !body.justification) {
    throw new InputError('ERR_OSPO_TRIAGE_JUSTIFICATION', 'not_affected needs a justification', {
      hint: `Give one of: ${justifications.join(', ')}.`,
    });
  }
  const project = await getProject(store, actor, projectRef);
  const finding = await findingOf(store, project.id, body.purl, body.advisory);
  const name = actorName(actor);
  const record = await store.transaction(async (repos) => {
    const saved = await repos.findings.setTriage({
      projectId: project.id,
      purl: finding.purl,
      vulnId: finding.advisory,
      aliases: finding.aliases,
      state: body.state,
      justification: body.justification ?? null,
      response: body.response ?? [],
      detail: body.detail ?? null,
      source: 'user',
      actor: name,
    });
    await repos.audit.append({
      actor: name,
      action: 'finding.triage',
      targetType: 'project',
      targetId: project.id,
      details: { purl: finding.purl, advisory: finding.advisory, state: body.state },
    });
    await repos.findings.snapshot(project.id);
    return saved;
  });
  return { projectId: project.id, purl: finding.purl, advisory: finding.advisory, ...record };
}

export async function triageHistory(
  store: Store,
  actor: Actor,
  projectRef: string,
  purl: string,
  advisory: string,
) {
  authorize(actor, 'advisories:read');
  const project = await getProject(store, actor, projectRef);
  const finding = await findingOf(store, project.id, purl, advisory);
  const items = await store.repos.findings.history(project.id, finding.purl, [
    finding.advisory,
    ...finding.aliases,
  ]);
  return { items };
}

/** The finding of the project's newest scan for this package and advisory (or an alias of it). */
async function findingOf(
  store: Store,
  projectId: string,
  purl: string,
  advisory: string,
): Promise<StoredFinding> {
  const [finding] = await store.repos.findings.list({ projectId, purl, advisory, limit: 1 });
  if (!finding) {
    throw new NotFoundError(
      'ERR_OSPO_FINDING_NOT_FOUND',
      `the project has no finding ${advisory} in ${purl}`,
      {
        hint: "Triage applies to findings of the project's newest scan; list them with GET /api/v1/projects/{id}/findings.",
      },
    );
  }
  return finding;
}

/** An advisory as stored, with every project finding it (by its id or an alias). */
export async function advisoryDetail(store: Store, actor: Actor, id: string) {
  authorize(actor, 'advisories:read');
  let stored = await store.repos.advisories.get(id);
  if (!stored) {
    const [viaAlias] = await store.repos.findings.list({ advisory: id, limit: 1 });
    if (viaAlias) stored = await store.repos.advisories.get(viaAlias.advisory);
  }
  if (!stored) {
    throw new NotFoundError('ERR_OSPO_ADVISORY_NOT_FOUND', `no advisory "${id}" in the store`, {
      hint: 'Import advisories with `ospo advisories import` or `ospo advisories sync`.',
    });
  }
  const record = osvView.parse(stored.record);
  const severity = severityOf([record.severity]);
  const scope = await projectScope(store, actor);
  const findings = await store.repos.findings.list({
    advisory: stored.id,
    limit: 500,
    teamIds: scope?.teamIds,
  });
  return {
    id: stored.id,
    summary: record.summary ?? null,
    details: record.details ?? null,
    aliases: record.aliases,
    published: record.published ?? null,
    modified: stored.modified,
    withdrawn: record.withdrawn ?? null,
    severity: severity.rating,
    score: severity.score,
    cvss: severity.cvss,
    references: record.references,
    affected: record.affected.map((a) => ({
      ecosystem: a.package?.ecosystem ?? '',
      name: a.package?.name ?? '',
      ranges: a.ranges,
      versions: a.versions,
    })),
    findings,
  };
}

/** The parts of a stored OSV record the advisory page shows; anything odd reads as absent. */
const osvView = z.looseObject({
  summary: z.string().optional().catch(undefined),
  details: z.string().optional().catch(undefined),
  aliases: z.array(z.string()).catch([]).default([]),
  published: z.string().optional().catch(undefined),
  withdrawn: z.string().optional().catch(undefined),
  severity: z.array(z.unknown()).catch([]).default([]),
  references: z
    .array(z.object({ type: z.string().catch('WEB'), url: z.string() }))
    .catch([])
    .default([]),
  affected: z
    .array(
      z.looseObject({
        package: z.object({ ecosystem: z.string(), name: z.string() }).optional().catch(undefined),
        ranges: z.array(z.unknown()).catch([]).default([]),
        versions: z.array(z.string()).catch([]).default([]),
      }),
    )
    .catch([])
    .default([]),
});

export interface VulnerabilitySummary {
  advisories: number;
  projects: number;
  /** Projects with at least one open finding. */
  projectsAffected: number;
  open: SeverityCounts;
  states: Record<(typeof findingStates)[number], number>;
  trend: ({ at: string } & SeverityCounts)[];
  projectsAtRisk: ({ id: string; name: string } & SeverityCounts)[];
}

/** The portfolio at a glance: open findings by severity and state, the worst projects, and 90 days of trend. */
export async function vulnerabilitySummary(
  store: Store,
  actor: Actor,
  now: Date = new Date(),
): Promise<VulnerabilitySummary> {
  authorize(actor, 'advisories:read');
  const since = startOfDay(new Date(now.getTime() - 89 * 86_400_000));
  const scope = await projectScope(store, actor);
  const teamIds = scope?.teamIds;
  const visible = await visibleProjectIds(store, scope);
  const shown = <T extends { projectId: string }>(rows: T[]) =>
    visible ? rows.filter((r) => visible.has(r.projectId)) : rows;
  const [advisories, scans, totals, worst, snapshots] = await Promise.all([
    store.repos.advisories.count(),
    store.repos.findings.latestScans().then(shown),
    store.repos.findings.totals(undefined, teamIds),
    store.repos.findings.worstProjects(10, teamIds),
    store.repos.findings.snapshots(since).then(shown),
  ]);
  return {
    advisories,
    projects: scans.length,
    projectsAffected: totals.projectsAffected,
    open: totals.open,
    states: totals.states,
    trend: dailyTrend(snapshots, since, now),
    projectsAtRisk: worst,
  };
}

/**
 * Open findings per day across the portfolio: each project counts with its last snapshot of that day
 * or before. Days before the first snapshot are left out.
 */
export function dailyTrend(snapshots: readonly FindingSnapshot[], since: Date, now: Date) {
  const current = new Map<string, SeverityCounts>();
  const out: ({ at: string } & SeverityCounts)[] = [];
  let i = 0;
  for (
    let day = startOfDay(since);
    day.getTime() <= now.getTime();
    day = new Date(day.getTime() + 86_400_000)
  ) {
    const end = day.getTime() + 86_400_000;
    for (; i < snapshots.length; i++) {
      const s = snapshots[i] as FindingSnapshot;
      if (new Date(s.takenAt).getTime() >= end) break;
      current.set(s.projectId, s);
    }
    if (current.size === 0) continue;
    const sum: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    for (const c of current.values()) for (const r of ratings) sum[r] += c[r];
    out.push({ at: day.toISOString().slice(0, 10), ...sum });
  }
  return out;
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The repository's sort key of a finding: where the next page starts. */
export function findingSortKeyOf(f: StoredFinding): string {
  return JSON.stringify([
    ratingRank(f.severity),
    f.score ?? -1,
    f.projectName.toLowerCase(),
    f.projectId,
    f.purl,
    f.advisory,
  ]);
}

const encodeKey = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodeKey(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key.startsWith('[')) {
    throw new InputError('ERR_OSPO_CURSOR', 'the cursor is not one this server gave out', {
      hint: 'Pass the "next" value of the previous page unchanged, or omit cursor for the first page.',
    });
  }
  return key;
}
