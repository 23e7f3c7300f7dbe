import { InputError } from '../../core/errors.js';
import { ecosystems } from '../../core/inventory.js';
import { normalizeOsvPackageName } from '../../core/osv.js';
import type { VersionScheme } from '../../core/versioning.js';
import { readPurl } from '../../modules/sbom/purl-mapping.js';
import { versionSchemeFor } from '../../modules/versioning/index.js';
import { type Actor, authorize } from '../actor.js';
import type { PackageUsage, Store, StoredFinding, TriageRecord } from '../ports.js';
import { projectScope, visibleProjectIds } from '../scope.js';
import { findingSortKeyOf } from './findings.js';

/**
 * Blast radius: which projects ship a package, at which versions, with which findings and triage
 * states, read from each project's newest scan. The package is a purl (with or without a version) or a
 * name; a version range narrows it, compared with the ecosystem's own ordering.
 */

export interface WhereQuery {
  /** `pkg:npm/lodash`, `pkg:npm/lodash@4.17.20`, or `lodash`. */
  package: string;
  ecosystem?: string | undefined;
  /** Comparators joined by spaces or commas (all must hold), alternatives by `||`: `>=4.0.0 <4.17.21`. */
  versionRange?: string | undefined;
}

export interface WhereRow extends PackageUsage {
  findings: { advisory: string; severity: string; triage: TriageRecord | null }[];
}

export interface WhereReport {
  query: { ecosystem: string | null; name: string; version: string | null; versionRange: string | null };
  projects: number;
  rows: WhereRow[];
  /** Versions the range could not be compared with (unreadable in their ecosystem's ordering). */
  problems: { purl: string; code: string; message: string }[];
}

export async function whereUsed(store: Store, actor: Actor, query: WhereQuery): Promise<WhereReport> {
  return (await whereUsedInDetail(store, actor, query)).report;
}

/** whereUsed, with the whole findings it read (summaries, scores, fixes), by `${projectId} ${purl}`. */
export async function whereUsedInDetail(
  store: Store,
  actor: Actor,
  query: WhereQuery,
): Promise<{ report: WhereReport; findings: Map<string, StoredFinding[]> }> {
  authorize(actor, 'scans:read');
  const target = readTarget(query);
  const range = query.versionRange?.trim() ? parseRange(query.versionRange) : null;
  const visible = await visibleProjectIds(store, await projectScope(store, actor));
  const usage = (await store.repos.findings.usage(target)).filter(
    (u) => !visible || visible.has(u.projectId),
  );
  const problems: WhereReport['problems'] = [];
  const kept: PackageUsage[] = [];
  for (const u of usage) {
    if (range) {
      const scheme = versionSchemeFor(u.ecosystem);
      if (u.version === null || !scheme) continue;
      try {
        if (!inRange(u.version, range, scheme)) continue;
      } catch (error) {
        problems.push({ purl: u.purl, code: 'ERR_OSPO_VERSION', message: (error as Error).message });
        continue;
      }
    }
    kept.push(u);
  }
  // findings read once per version (purl) for every project at once, not once per project
  const found = await findingsByProjectAndPurl(store, [...new Set(kept.map((u) => u.purl))]);
  const rows: WhereRow[] = kept.map((u) => ({
    ...u,
    findings: (found.get(`${u.projectId} ${u.purl}`) ?? []).map((f) => ({
      advisory: f.advisory,
      severity: f.severity,
      triage: f.triage,
    })),
  }));
  const report: WhereReport = {
    query: {
      ecosystem: target.ecosystem ?? null,
      name: target.name,
      version: target.version ?? null,
      versionRange: query.versionRange?.trim() || null,
    },
    projects: new Set(rows.map((r) => r.projectId)).size,
    rows,
    problems,
  };
  return { report, findings: found };
}

/** The findings of each project's newest scan in these purls, by `${projectId} ${purl}`, worst first. */
export async function findingsByProjectAndPurl(
  store: Store,
  purls: readonly string[],
): Promise<Map<string, StoredFinding[]>> {
  const out = new Map<string, StoredFinding[]>();
  for (const purl of purls) {
    let after: string | undefined;
    for (;;) {
      const page = await store.repos.findings.list({ purl, limit: FINDINGS_PAGE, after });
      for (const f of page) {
        const key = `${f.projectId} ${f.purl}`;
        const list = out.get(key);
        if (list) list.push(f);
        else out.set(key, [f]);
      }
      const last = page.at(-1);
      if (page.length < FINDINGS_PAGE || !last) break;
      after = findingSortKeyOf(last);
    }
  }
  return out;
}

const FINDINGS_PAGE = 2000;

function readTarget(query: WhereQuery): { ecosystem?: string; name: string; version?: string } {
  const text = query.package.trim();
  if (text.startsWith('pkg:')) {
    const read = readPurl(text);
    if (!read.ok) {
      throw new InputError('ERR_OSPO_PURL', `"${text}" is not a purl of a supported ecosystem`, {
        hint: 'Write it like pkg:npm/lodash or pkg:pypi/django@4.2.0, or give the bare package name.',
      });
    }
    return {
      ecosystem: read.value.ecosystem,
      name: read.value.name,
      ...(read.value.version ? { version: read.value.version } : {}),
    };
  }
  if (!text) throw new InputError('ERR_OSPO_USAGE', 'name a package', { hint: 'ospo where lodash' });
  const ecosystem = query.ecosystem;
  if (ecosystem !== undefined && !(ecosystems as readonly string[]).includes(ecosystem)) {
    throw new InputError('ERR_OSPO_ECOSYSTEM', `unknown ecosystem "${ecosystem}"`, {
      hint: `Use one of ${ecosystems.join(', ')}.`,
    });
  }
  return ecosystem ? { ecosystem, name: normalizeOsvPackageName(ecosystem, text) } : { name: text };
}

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
type Comparator = { op: Op; version: string };

/** `>=1.0 <2.0 || =3.1.4`: alternatives of comparator lists. */
export function parseRange(text: string): Comparator[][] {
  return text.split('||').map((alternative) => {
    const parts = alternative.split(/[\s,]+/).filter(Boolean);
    if (parts.length === 0) throw rangeError(text, 'an empty alternative');
    return parts.map((part) => {
      const m = /^(<=|>=|<|>|==|=|!=)?(.+)$/.exec(part);
      if (!m?.[2] || /^[<>=!]/.test(m[2])) throw rangeError(text, `"${part}" is no comparator`);
      const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Op;
      return { op, version: m[2] };
    });
  });
}

export function inRange(version: string, range: Comparator[][], scheme: VersionScheme): boolean {
  return range.some((all) =>
    all.every(({ op, version: bound }) => {
      const c = scheme.compare(version, bound);
      return op === '<'
        ? c < 0
        : op === '<='
          ? c <= 0
          : op === '>'
            ? c > 0
            : op === '>='
              ? c >= 0
              : op === '='
                ? c === 0
                : c !== 0;
    }),
  );
}

function rangeError(text: string, why: string): InputError {
  return new InputError('ERR_OSPO_VERSION_RANGE', `cannot read the version range "${text}": ${why}`, {
    hint: 'Write comparators such as ">=4.0.0 <4.17.21", alternatives joined by "||".',
  });
}
