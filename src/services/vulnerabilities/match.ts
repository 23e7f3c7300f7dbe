import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type AffectedMatchRow, matchRowsOf, readOnce } from '../../core/advisory-rows.js';
import { OspoError } from '../../core/errors.js';
import { chainsTo } from '../../core/graph.js';
import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import { normalizeOsvPackageName } from '../../core/osv.js';
import type { AdvisoryRepository } from '../ports.js';
import { type ChunkResult, keyEntries, type MatchEntry, RowEvaluator } from './evaluate-rows.js';
import type { MatchWorkerMessage, MatchWorkerReply } from './match-worker.js';
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

/** What findings are made of, of a row that hit. */
type HitRow = Pick<AffectedMatchRow, 'advisoryId' | 'aliases' | 'summary' | 'severity'>;

interface Hit {
  pkg: InventoryPackage;
  row: HitRow;
  fixed: string[];
}

export interface MatchInput {
  packages: readonly InventoryPackage[];
  dependencies: readonly DependencyEdge[];
}

/** What matching reads: the store's advisories, or a match index read without the store. */
export interface MatchSource {
  readonly repos: {
    readonly advisories: Pick<AdvisoryRepository, 'affectedToMatch' | 'affectedToMatchTexts'>;
  };
}

export interface MatchOptions {
  /**
   * Share the evaluation with a worker thread (default: for WORKER_FROM versioned packages or more,
   * when the compiled worker is there, i.e. not in tests run from the TypeScript sources).
   */
  worker?: boolean;
  /** The worker's script (tests). */
  workerScript?: string | URL;
}

/** Versioned packages from which matching shares its evaluation with a worker thread. */
export const WORKER_FROM = 5_000;

const workerFile = fileURLToPath(new URL('./match-worker.js', import.meta.url));

/**
 * Match an inventory against the advisories in the store: each package's (ecosystem, name) is looked
 * up, and each affected entry's ranges are evaluated with the ecosystem's own version ordering.
 * Advisories that name each other (GHSA and PYSEC of one CVE) are one finding per package. A version
 * that cannot be read is a problem in the report, never compared as text.
 */
export async function matchInventory(
  store: MatchSource,
  input: MatchInput,
  options: MatchOptions = {},
): Promise<VulnReport> {
  const problems: MatchProblem[] = [];
  const entries: MatchEntry[] = [];
  const owners: InventoryPackage[] = [];
  for (const p of input.packages) {
    if (p.version === null) continue;
    entries.push({
      ecosystem: p.ecosystem,
      name: normalizeOsvPackageName(p.ecosystem, p.name),
      version: p.version,
    });
    owners.push(p);
  }
  const { keyed, pairs } = keyEntries(entries);
  const hits = new Map<string, Hit[]>();
  // a chunk's results, applied in the chunks' order wherever each was evaluated
  const apply = (result: ChunkResult<HitRow>) => {
    for (const [entry, row, code, message] of result.problems)
      problems.push({
        purl: (owners[entry] as InventoryPackage).purl,
        advisory: (result.rows[row] as HitRow).advisoryId,
        code,
        message,
      });
    for (let h = 0; h < result.fixed.length; h++) {
      const pkg = owners[result.hits[2 * h] as number] as InventoryPackage;
      const hit = {
        pkg,
        row: result.rows[result.hits[2 * h + 1] as number] as HitRow,
        fixed: result.fixed[h] as string[],
      };
      const list = hits.get(pkg.purl);
      if (list) list.push(hit);
      else hits.set(pkg.purl, [hit]);
    }
  };
  const evaluator = new RowEvaluator(entries, keyed);
  const shared = options.worker ?? (entries.length >= WORKER_FROM && existsSync(workerFile));
  if (shared)
    await evaluateShared(store, entries, pairs, evaluator, options.workerScript ?? workerFile, apply);
  else
    for await (const rows of store.repos.advisories.affectedToMatch(pairs)) apply(evaluator.evaluate(rows));
  const parents = parentMap(input.dependencies);
  const paths = new Map<string, string[][]>();
  const severities = new Map<unknown[], Severity>();
  const findings: Finding[] = [];
  for (const list of hits.values()) {
    // in advisory order, whatever order the rows came in (store or index): the same findings
    if (list.length > 1)
      list.sort((a, b) =>
        a.row.advisoryId < b.row.advisoryId ? -1 : a.row.advisoryId > b.row.advisoryId ? 1 : 0,
      );
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
  problems.sort(
    (a, b) => order(a.purl, b.purl) || order(a.advisory, b.advisory) || order(a.message, b.message),
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
function groupByAlias<T extends { row: HitRow }>(hits: T[]): T[][] {
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

function order(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

/** GitHub's GHSA ids first (they carry the most detail in OSV), then by id. */
function pickAdvisory(rows: HitRow[]): string {
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
function rowSeverity(row: HitRow, known: Map<unknown[], Severity>): Severity {
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

/**
 * The evaluation shared with a worker thread: each chunk the store gives goes to the worker when it
 * has none in hand, else this thread evaluates it; results are applied in the chunks' order. A
 * worker that fails stops the match with a coded error (matching writes nothing).
 */
async function evaluateShared(
  store: MatchSource,
  entries: readonly MatchEntry[],
  pairs: readonly { ecosystem: string; name: string }[],
  evaluator: RowEvaluator,
  script: string | URL,
  apply: (result: ChunkResult<HitRow>) => void,
): Promise<void> {
  // as one JSON text: a string is copied to the worker whole, many small objects one by one
  const worker = new Worker(script, { workerData: JSON.stringify(entries) });
  const severity = readOnce((text) => JSON.parse(text) as unknown[]);
  // results by chunk number, applied in order as the earlier ones are in
  const done = new Map<number, ChunkResult<HitRow>>();
  let applied = 0;
  let inWorker: number | null = null;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const settle = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const flush = () => {
    for (let next = done.get(applied); next; next = done.get(applied)) {
      done.delete(applied);
      apply(next);
      applied++;
    }
  };
  worker.on('message', (reply: MatchWorkerReply) => {
    if (failure || inWorker === null) return;
    if (reply.kind === 'error') {
      failure = new OspoError(
        'ERR_OSPO_MATCH_WORKER',
        `matching failed in its worker thread: ${reply.message}`,
      );
    } else {
      const rows = reply.rows.map(([advisoryId, aliases, summary, text]) => ({
        advisoryId,
        aliases,
        summary,
        severity: severity(text),
      }));
      done.set(inWorker, { rows, hits: reply.hits, fixed: reply.fixed, problems: reply.problems });
      inWorker = null;
      flush();
    }
    settle();
  });
  const stopped = (why: string) => {
    failure ??= new OspoError('ERR_OSPO_MATCH_WORKER', `matching failed: its worker thread ${why}`);
    settle();
  };
  worker.on('error', (error) => stopped(`failed (${error.message})`));
  worker.on('exit', (code) => {
    if (inWorker !== null) stopped(`stopped (exit code ${code})`);
  });
  let count = 0;
  try {
    for await (const text of store.repos.advisories.affectedToMatchTexts(pairs)) {
      if (failure) break;
      const number = count++;
      if (inWorker === null) {
        inWorker = number;
        worker.postMessage(text satisfies MatchWorkerMessage);
      } else {
        done.set(number, evaluator.evaluate(matchRowsOf(text, severity)));
        flush();
      }
    }
    while (!failure && applied < count) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  } finally {
    await worker.terminate();
  }
}
