import { normalizeOsvPackageName, type OsvRange, type OsvRecord, osvRange } from '../../core/osv.js';
import type { VersionScheme } from '../../core/versioning.js';
import { semverScheme, versionSchemeFor } from '../../modules/versioning/index.js';
import { commitInRange, type IsAncestor } from './git-range.js';

/**
 * OSV `affected[]` evaluation, as the schema's "Evaluation" pseudocode gives it: a version is affected when
 * it is listed in `versions` or lies in any range. A range's events are sorted by the range's ordering
 * (`introduced: "0"` first); walking them, `introduced` opens, `fixed` closes at it, `last_affected` closes
 * after it; `limit` events bound the whole range (`*` is infinity). SEMVER ranges use SemVer whatever the
 * ecosystem, ECOSYSTEM ranges the ecosystem's scheme, GIT ranges the commit when one is known.
 * A version that does not parse, in the data or the input, is a problem in the result; the range it is in
 * is then not decided, and never decided by comparing text.
 */

export interface RangeProblem {
  code: string;
  message: string;
  /** Index in `ranges` when the problem is one range's, absent for the `versions` list or the input. */
  range?: number;
  value?: string;
}

export interface AffectedResult {
  affected: boolean;
  /** For each range that affects the version, its smallest `fixed` above the version, once each. */
  fixed: string[];
  /** Anything that kept a part of the record from being decided; affected: false is then not a clean bill. */
  problems: RangeProblem[];
}

export interface EvaluateOptions {
  /** The commit the package was built from: GIT ranges are skipped without one. */
  commit?: string;
  /** The repository's commit graph, to place a commit that is not one of the range's own. */
  isAncestor?: IsAncestor;
}

/**
 * What isAffected reads of an `affected[]` entry. Ranges and versions may come straight from stored JSON:
 * each range is checked against the OSV schema, and one that does not fit is a problem, not a crash.
 */
export interface AffectedRanges {
  ranges?: readonly unknown[];
  versions?: readonly unknown[];
}

export function isAffected(
  version: string,
  affected: AffectedRanges,
  scheme: VersionScheme | null,
  options: EvaluateOptions = {},
): AffectedResult {
  const result: AffectedResult = { affected: false, fixed: [], problems: [] };
  if (inVersionsList(version, affected.versions ?? [], scheme, result)) result.affected = true;
  (affected.ranges ?? []).forEach((raw, index) => {
    const parsed = osvRange.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      problem(result, 'ERR_OSPO_OSV_RANGE', `not an OSV range (${where}${issue?.message})`, index);
      return;
    }
    const range = parsed.data;
    if (range.type === 'GIT') {
      if (options.commit === undefined) return;
      const inside = commitInRange(options.commit, range, options.isAncestor);
      if (inside === null) {
        const message = `commit ${options.commit} is none of the range's own commits and no commit graph was given`;
        problem(result, 'ERR_OSPO_OSV_GIT_UNDECIDED', message, index);
      } else if (inside) result.affected = true;
      return;
    }
    const rangeScheme =
      range.type === 'SEMVER' ? semverScheme : range.type === 'ECOSYSTEM' ? scheme : undefined;
    if (rangeScheme === undefined) {
      problem(
        result,
        'ERR_OSPO_OSV_RANGE_TYPE',
        `range type "${range.type}" is not SEMVER, ECOSYSTEM or GIT`,
        index,
      );
      return;
    }
    if (rangeScheme === null) {
      problem(result, 'ERR_OSPO_NO_VERSION_SCHEME', 'no version ordering is known for this ecosystem', index);
      return;
    }
    // OSV writes SEMVER versions without a leading "v"; some databases keep it
    const strip = range.type === 'SEMVER' ? (v: string) => v.replace(/^v/, '') : (v: string) => v;
    const fixed = evaluateRange(strip(version), range, rangeScheme, strip, index, result);
    if (fixed === null) return;
    result.affected = true;
    if (fixed !== undefined && !result.fixed.includes(fixed)) result.fixed.push(fixed);
  });
  return result;
}

/**
 * null: the version is not in the range (or the range cannot be decided, with a problem added);
 * otherwise the smallest fixed event above the version, or undefined when there is none.
 */
function evaluateRange(
  version: string,
  range: OsvRange,
  scheme: VersionScheme,
  strip: (v: string) => string,
  index: number,
  result: AffectedResult,
): string | undefined | null {
  if (!readable(version, scheme, result, index, 'the version')) return null;
  const events = range.events.map((e) => {
    // the schema lets an event name exactly one kind
    const [kind, raw] = Object.entries(e).find(([, v]) => v !== undefined) as [Kind, string];
    return { kind, raw, value: strip(raw) };
  });
  if (!events.some((e) => e.kind === 'introduced')) {
    problem(result, 'ERR_OSPO_OSV_RANGE', 'the range has no introduced event, so nothing is in it', index);
  }
  const special = (e: (typeof events)[number]) =>
    (e.kind === 'introduced' && e.value === '0') || (e.kind === 'limit' && e.value.includes('*'));
  if (!events.every((e) => special(e) || readable(e.value, scheme, result, index, `the ${e.kind} event`)))
    return null;

  const limits = events.filter((e) => e.kind === 'limit');
  const beforeLimits =
    limits.length === 0 || limits.some((l) => special(l) || scheme.compare(version, l.value) < 0);
  const order = (a: (typeof events)[number], b: (typeof events)[number]) => {
    if (special(a) || special(b)) return special(a) === special(b) ? 0 : special(a) ? -1 : 1;
    return scheme.compare(a.value, b.value) || RANK[a.kind] - RANK[b.kind];
  };
  let vulnerable = false;
  for (const e of events.filter((x) => x.kind !== 'limit').sort(order)) {
    const at = special(e) ? 1 : scheme.compare(version, e.value);
    if (e.kind === 'introduced' && at >= 0) vulnerable = true;
    else if (e.kind === 'fixed' && at >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && at > 0) vulnerable = false;
  }
  if (!beforeLimits || !vulnerable) return null;
  const above = events.filter((e) => e.kind === 'fixed' && scheme.compare(e.value, version) > 0);
  return above.sort(order)[0]?.raw;
}

type Kind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
/** At the same version an introduced event comes first, so that introduced X, fixed X is empty. */
const RANK: Readonly<Record<Kind, number>> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

function inVersionsList(
  version: string,
  versions: readonly unknown[],
  scheme: VersionScheme | null,
  result: AffectedResult,
): boolean {
  if (versions.includes(version)) return true;
  if (versions.some((v) => typeof v !== 'string')) {
    problem(result, 'ERR_OSPO_OSV_VERSIONS', 'the versions list holds something other than strings');
  }
  const listed = versions.filter((v): v is string => typeof v === 'string');
  if (!scheme || listed.length === 0 || !readable(version, scheme, result, undefined, 'the version'))
    return false;
  // every entry is looked at, so that each unreadable one is reported
  let found = false;
  for (const entry of listed) {
    if (
      readable(entry, scheme, result, undefined, 'a versions entry') &&
      scheme.compare(entry, version) === 0
    ) {
      found = true;
    }
  }
  return found;
}

function readable(
  value: string,
  scheme: VersionScheme,
  result: AffectedResult,
  range: number | undefined,
  what: string,
): boolean {
  if (scheme.isValid(value)) return true;
  problem(result, 'ERR_OSPO_VERSION', `${what} "${value}" is not a ${scheme.id} version`, range, value);
  return false;
}

function problem(
  result: AffectedResult,
  code: string,
  message: string,
  range?: number,
  value?: string,
): void {
  if (result.problems.some((p) => p.code === code && p.range === range && p.value === value)) return;
  result.problems.push({
    code,
    message,
    ...(range === undefined ? {} : { range }),
    ...(value === undefined ? {} : { value }),
  });
}

export interface PackageQuery {
  /** OSV ecosystem, with its `:release` suffix where the record has one (`Debian:12`). */
  ecosystem: string;
  name: string;
  version: string;
}

export interface RecordMatch extends AffectedResult {
  id: string;
  /** A withdrawn record affects nothing; it is reported so that a finding from it can be closed. */
  withdrawn: boolean;
}

/** Evaluate every `affected[]` entry of a record that names the package (ecosystem and normalized name). */
export function matchOsvRecord(
  record: OsvRecord,
  pkg: PackageQuery,
  options: EvaluateOptions = {},
): RecordMatch {
  const match: RecordMatch = {
    id: record.id,
    withdrawn: record.withdrawn !== undefined,
    affected: false,
    fixed: [],
    problems: [],
  };
  if (match.withdrawn) return match;
  const name = normalizeOsvPackageName(pkg.ecosystem, pkg.name);
  const scheme = versionSchemeFor(pkg.ecosystem);
  for (const entry of record.affected) {
    if (entry.package.ecosystem !== pkg.ecosystem) continue;
    if (normalizeOsvPackageName(entry.package.ecosystem, entry.package.name) !== name) continue;
    const result = isAffected(pkg.version, entry, scheme, options);
    match.affected ||= result.affected;
    for (const f of result.fixed) if (!match.fixed.includes(f)) match.fixed.push(f);
    match.problems.push(...result.problems);
  }
  return match;
}
