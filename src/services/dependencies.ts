import { NotFoundError } from '../core/errors.js';
import { chainsTo, reachable } from '../core/graph.js';
import type { Page } from '../core/schemas.js';
import type { Actor } from './actor.js';
import { decodeCursor, toPage } from './cursor.js';
import { getScanSummary } from './inventory/scans.js';
import type { DependencyNodeRow, ScanSummary, Store } from './ports.js';

/**
 * A saved scan's dependency graph, one level at a time, and the shortest ways down to a package.
 * The roots are the direct packages and the packages no other package of the scan depends on (every
 * package, for a format that gives neither direct flags nor edges). Edges from or to something that
 * is not a package of the scan (a project's own manifest) are left out.
 */

export interface DependencyPaths {
  to: string;
  /** How many roots reach the package (itself included, when it is a root). */
  roots: number;
  /** Shortest first, each from a root down to `to`. */
  paths: string[][];
}

/** The packages `of` depends on, or the roots without `of`; by purl, a page at a time. */
export async function listDependencies(
  store: Store,
  actor: Actor,
  scanId: string,
  query: { of?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<DependencyNodeRow>> {
  await getScanSummary(store, actor, scanId);
  const rows = await store.repos.scans.dependencies(scanId, query.of ?? null, {
    limit: query.limit + 1,
    after: decodeCursor(query.cursor),
  });
  if (rows === null) throw notInScan(query.of ?? '', scanId);
  return toPage(rows, query.limit, (r) => ({ key: r.purl, id: r.purl }));
}

/** Up to `limit` shortest paths from a root to `to`; cycles end a path, never loop. */
export async function dependencyPaths(
  store: Store,
  actor: Actor,
  scanId: string,
  query: { to: string; limit: number },
): Promise<DependencyPaths> {
  const scan = await getScanSummary(store, actor, scanId);
  const graph = await loadGraph(store, scan);
  if (!graph.direct.has(query.to)) throw notInScan(query.to, scanId);
  const parentsOf = (purl: string) => graph.parents.get(purl) ?? [];
  const isRoot = (purl: string) => graph.direct.get(purl) === true || parentsOf(purl).length === 0;
  let roots = 0;
  for (const purl of reachable([query.to], parentsOf)) if (isRoot(purl)) roots++;
  const paths = chainsTo(query.to, parentsOf, { isTop: isRoot, limit: query.limit, rootedOnly: true });
  // a root is its own shortest path, though others may depend on it too
  if (isRoot(query.to) && paths[0]?.length !== 1) {
    paths.unshift([query.to]);
    if (paths.length > query.limit) paths.pop();
  }
  return { to: query.to, roots, paths };
}

interface Graph {
  /** Every package of the scan with its direct flag. */
  direct: Map<string, boolean | null>;
  /** Dependents by package, in purl order, without self-edges. */
  parents: Map<string, string[]>;
}

async function loadGraph(store: Store, scan: ScanSummary): Promise<Graph> {
  const direct = new Map<string, boolean | null>();
  const limit = Math.max(1000, scan.packageCount + 1);
  for (let after: string | undefined, more = true; more; ) {
    const rows = await store.repos.scans.packages(scan.id, {
      limit,
      ...(after === undefined ? {} : { after: { key: after, id: after } }),
    });
    for (const r of rows) direct.set(r.purl, r.direct);
    more = rows.length === limit;
    after = rows.at(-1)?.purl;
  }
  const parents = new Map<string, string[]>();
  // edges come ordered by from_purl, so each list of parents is in purl order
  for (const e of await store.repos.scans.edges(scan.id)) {
    if (e.from === e.to || !direct.has(e.from) || !direct.has(e.to)) continue;
    const list = parents.get(e.to);
    if (list) list.push(e.from);
    else parents.set(e.to, [e.from]);
  }
  return { direct, parents };
}

function notInScan(purl: string, scanId: string): NotFoundError {
  return new NotFoundError('ERR_OSPO_PACKAGE_NOT_IN_SCAN', `no package "${purl}" in scan ${scanId}`, {
    hint: 'Pass a purl exactly as GET /api/v1/scans/{id}/packages lists it.',
  });
}
