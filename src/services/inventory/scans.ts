import { NotFoundError } from '../../core/errors.js';
import type { Page } from '../../core/schemas.js';
import { type Actor, actorName, authorize } from '../actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from '../cursor.js';
import type { ScanDetail, ScanPackageFilter, ScanPackageRow, ScanSummary, Store } from '../ports.js';
import { getProject, isUuid } from '../projects.js';
import { matchSavedScan } from '../vulnerabilities/portfolio.js';
import type { ScanReport } from './report.js';
import type { VcsInfo } from './vcs.js';

export interface SaveScanInput {
  report: ScanReport;
  source: 'path' | 'sbom';
  vcs: VcsInfo;
  toolVersion: string;
  /** Where the scanned files came from, when cloned (a git URL without userinfo); kept in the audit entry. */
  origin?: string;
}

/** Store a scan of a project, with its audit entry, in one transaction. */
export async function saveScan(
  store: Store,
  actor: Actor,
  projectRef: string,
  input: SaveScanInput,
): Promise<ScanSummary> {
  authorize(actor, 'scans:write');
  const project = await getProject(store, actor, projectRef);
  const saved = await store.transaction(async (repos) => {
    const saved = await repos.scans.insert({
      projectId: project.id,
      createdBy: actorName(actor),
      source: input.source,
      vcsCommit: input.vcs.commit,
      vcsBranch: input.vcs.branch,
      toolVersion: input.toolVersion,
      files: input.report.files,
      errors: input.report.errors,
      packages: input.report.packages,
      edges: input.report.dependencies,
    });
    await repos.audit.append({
      actor: actorName(actor),
      action: 'scan.create',
      targetType: 'project',
      targetId: project.id,
      details: {
        scan: saved.id,
        packages: saved.packageCount,
        source: saved.source,
        commit: saved.vcsCommit,
        ...(input.origin ? { origin: input.origin, branch: saved.vcsBranch } : {}),
      },
    });
    return saved;
  });
  // matched after the scan is stored: a failure here leaves the scan, which the next import matches again
  await matchSavedScan(store, saved.id, project.id, {
    packages: input.report.packages,
    dependencies: input.report.dependencies,
  });
  return saved;
}

/** How a project's scans may be sorted: newest first (the default) or oldest first. */
export const scanSorts = ['-created', 'created'] as const;
/** How a scan's packages may be sorted: by purl (the default), name, or ecosystem then name. */
export const scanPackageSorts = ['purl', 'name', '-name', 'ecosystem'] as const;

export async function listScans(
  store: Store,
  actor: Actor,
  projectRef: string,
  query: { limit: number; cursor?: string | undefined; sort?: string | undefined },
): Promise<Page<ScanSummary>> {
  authorize(actor, 'scans:read');
  const sort = sortOf(scanSorts, query.sort);
  const after = decodeSortedCursor(query.cursor, sort, scanSorts[0], (c) => !Number.isNaN(Date.parse(c.key)));
  const project = await getProject(store, actor, projectRef);
  const rows = await store.repos.scans.listForProject(project.id, {
    limit: query.limit + 1,
    after,
    sort: sortSpec<'created'>(sort),
  });
  return toSortedPage(rows, query.limit, sort, (s) => ({ key: s.createdAt, id: s.id }));
}

/** A scan the caller may see, without its file and error lists: for reading its packages or graph. */
export async function getScanSummary(store: Store, actor: Actor, scanId: string): Promise<ScanSummary> {
  authorize(actor, 'scans:read');
  const scan = isUuid(scanId) ? await store.repos.scans.summary(scanId) : null;
  if (!scan) throw noSuchScan(scanId);
  await getProject(store, actor, scan.projectId);
  return scan;
}

export async function getScan(store: Store, actor: Actor, scanId: string): Promise<ScanDetail> {
  authorize(actor, 'scans:read');
  const scan = isUuid(scanId) ? await store.repos.scans.get(scanId) : null;
  if (!scan) throw noSuchScan(scanId);
  // a scan is seen by whoever may see its project
  await getProject(store, actor, scan.projectId);
  return scan;
}

export async function listScanPackages(
  store: Store,
  actor: Actor,
  scanId: string,
  query: { limit: number; cursor?: string | undefined; sort?: string | undefined } & ScanPackageFilter,
): Promise<Page<ScanPackageRow>> {
  const { limit, cursor, sort: asked, ...filter } = query;
  const sort = sortOf(scanPackageSorts, asked);
  const after = decodeSortedCursor(cursor, sort, scanPackageSorts[0]);
  await getScanSummary(store, actor, scanId);
  const rows = await store.repos.scans.packages(scanId, {
    limit: limit + 1,
    after,
    ...filter,
    sort: sortSpec<'purl' | 'name' | 'ecosystem'>(sort),
  });
  // every order ends with the purl, which is unique in a scan: the store finds the cursor's row by it
  return toSortedPage(rows, limit, sort, (p) => ({ key: p.purl, id: p.purl }));
}

export interface ScanDiff {
  from: string;
  to: string;
  added: ScanPackageRow[];
  removed: ScanPackageRow[];
  /** Same ecosystem and name, other version(s): upgrades and downgrades alike. */
  changed: { ecosystem: string; name: string; from: (string | null)[]; to: (string | null)[] }[];
}

/** What changed from one scan to another, by ecosystem and name. */
export async function diffScans(store: Store, actor: Actor, fromId: string, toId: string): Promise<ScanDiff> {
  const [before, after] = await Promise.all([
    allPackages(store, actor, fromId),
    allPackages(store, actor, toId),
  ]);
  const group = (rows: ScanPackageRow[]) => {
    const byName = new Map<string, ScanPackageRow[]>();
    for (const r of rows) {
      const key = `${r.ecosystem}\u0000${r.name}`;
      byName.set(key, [...(byName.get(key) ?? []), r]);
    }
    return byName;
  };
  const old = group(before);
  const now = group(after);
  const diff: ScanDiff = { from: fromId, to: toId, added: [], removed: [], changed: [] };
  for (const [key, rows] of now) {
    const previous = old.get(key);
    if (!previous) diff.added.push(...rows);
    else if (!sameVersions(previous, rows)) {
      const first = rows[0] as ScanPackageRow;
      diff.changed.push({
        ecosystem: first.ecosystem,
        name: first.name,
        from: previous.map((r) => r.version),
        to: rows.map((r) => r.version),
      });
    }
  }
  for (const [key, rows] of old) if (!now.has(key)) diff.removed.push(...rows);
  return diff;
}

async function allPackages(store: Store, actor: Actor, scanId: string): Promise<ScanPackageRow[]> {
  const out: ScanPackageRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await listScanPackages(store, actor, scanId, { limit: 5000, cursor });
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

function sameVersions(a: ScanPackageRow[], b: ScanPackageRow[]): boolean {
  const versions = (rows: ScanPackageRow[]) =>
    rows
      .map((r) => r.version ?? '')
      .sort()
      .join('\n');
  return versions(a) === versions(b);
}

function noSuchScan(scanId: string): NotFoundError {
  return new NotFoundError('ERR_OSPO_NOT_FOUND', `no scan "${scanId}"`, {
    hint: "List a project's scans with `ospo scans list PROJECT` or GET /api/v1/projects/{id}/scans.",
  });
}
