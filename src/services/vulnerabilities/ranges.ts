import { normalizeOsvPackageName, type OsvRange, type OsvRecord } from '../../core/osv.js';
import type { VersionScheme } from '../../core/versioning.js';
import { semverScheme, versionSchemeFor } from '../../modules/versioning/index.js';
import { commitInRange, type IsAncestor } from './git-range.js';
import { isPlainOsvRange, readOsvRange } from './osv-shape.js';
import { ParsedVersions, type SchemeVersions, UNREADABLE } from './parsed-versions.js';

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

/** An affectedEvaluator's empty lists are one shared frozen list: copy a list before adding to it. */
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
  const result = affectedEvaluator(affected, scheme, options)(version);
  return { affected: result.affected, fixed: [...result.fixed], problems: [...result.problems] };
}

/**
 * isAffected for many versions of one entry: the entry's ranges are checked and their events read,
 * ordered and parsed once, and versions are parsed once per `parsed` (share one across the entries of
 * a matching run). evaluate(version) gives exactly what isAffected(version, ...) gives.
 */
export function affectedEvaluator(
  affected: AffectedRanges,
  scheme: VersionScheme | null,
  options: EvaluateOptions = {},
  parsed: ParsedVersions = new ParsedVersions(),
): (version: string) => AffectedResult {
  const list = prepareVersions(affected.versions ?? [], scheme ? parsed.of(scheme) : null);
  const ranges = (affected.ranges ?? []).map((raw, index) =>
    prepareRange(raw, index, scheme, options, parsed),
  );
  return (version) => {
    // most results add nothing: the shared empty lists are replaced on the first push
    const result: AffectedResult = { affected: false, fixed: NONE, problems: NONE };
    if (inVersionsList(version, list, result)) result.affected = true;
    for (const range of ranges) evaluate(version, range, result);
    return result;
  };
}

/** A range as read once: what it adds whatever the version, or its events ready to walk. */
type PreparedRange =
  | { kind: 'fixed'; index: number; problem?: { code: string; message: string }; affected?: true }
  | {
      kind: 'ordered';
      index: number;
      versions: SchemeVersions;
      strip: (v: string) => string;
      /** the range has no introduced event */
      empty: boolean;
      /** the first event (in the record's order) the scheme cannot read */
      unreadable: Event | null;
      /** events other than limits, sorted (only when every event is readable) */
      sorted: Event[];
      limits: Event[];
      fixed: Event[];
    };

interface Event {
  kind: Kind;
  raw: string;
  value: string;
  special: boolean;
  /** The value as the range's scheme reads it (UNREADABLE when special or unreadable). */
  parsed: unknown;
}

function prepareRange(
  raw: unknown,
  index: number,
  scheme: VersionScheme | null,
  options: EvaluateOptions,
  parsed: ParsedVersions,
): PreparedRange {
  let range: OsvRange;
  if (isPlainOsvRange(raw)) range = raw;
  else {
    const read = readOsvRange(raw);
    if (!read.success) {
      const issue = read.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      const message = `not an OSV range (${where}${issue?.message})`;
      return { kind: 'fixed', index, problem: { code: 'ERR_OSPO_OSV_RANGE', message } };
    }
    range = read.data;
  }
  if (range.type === 'GIT') {
    // decided by the commit, the same for every version
    if (options.commit === undefined) return { kind: 'fixed', index };
    const inside = commitInRange(options.commit, range, options.isAncestor);
    if (inside === null) {
      const message = `commit ${options.commit} is none of the range's own commits and no commit graph was given`;
      return { kind: 'fixed', index, problem: { code: 'ERR_OSPO_OSV_GIT_UNDECIDED', message } };
    }
    return inside ? { kind: 'fixed', index, affected: true } : { kind: 'fixed', index };
  }
  const rangeScheme =
    range.type === 'SEMVER' ? semverScheme : range.type === 'ECOSYSTEM' ? scheme : undefined;
  if (rangeScheme === undefined) {
    const message = `range type "${range.type}" is not SEMVER, ECOSYSTEM or GIT`;
    return { kind: 'fixed', index, problem: { code: 'ERR_OSPO_OSV_RANGE_TYPE', message } };
  }
  if (rangeScheme === null) {
    const message = 'no version ordering is known for this ecosystem';
    return { kind: 'fixed', index, problem: { code: 'ERR_OSPO_NO_VERSION_SCHEME', message } };
  }
  // OSV writes SEMVER versions without a leading "v"; some databases keep it
  const strip = range.type === 'SEMVER' ? (v: string) => v.replace(/^v/, '') : (v: string) => v;
  const versions = parsed.of(rangeScheme);
  const events: Event[] = range.events.map((e) => {
    const kind = eventKind(e);
    const raw = e[kind] as string;
    const value = strip(raw);
    const special = (kind === 'introduced' && value === '0') || (kind === 'limit' && value.includes('*'));
    return { kind, raw, value, special, parsed: special ? UNREADABLE : versions.read(value) };
  });
  const unreadable = events.find((e) => !e.special && e.parsed === UNREADABLE) ?? null;
  const order = ordering(rangeScheme);
  return {
    kind: 'ordered',
    index,
    versions,
    strip,
    empty: !events.some((e) => e.kind === 'introduced'),
    unreadable,
    sorted: unreadable ? [] : events.filter((x) => x.kind !== 'limit').sort(order),
    limits: events.filter((e) => e.kind === 'limit'),
    fixed: events.filter((e) => e.kind === 'fixed'),
  };
}

function evaluate(version: string, range: PreparedRange, result: AffectedResult): void {
  if (range.kind === 'fixed') {
    if (range.problem) problem(result, range.problem.code, range.problem.message, range.index);
    if (range.affected) result.affected = true;
    return;
  }
  const fixed = evaluateRange(range.strip(version), range, result);
  if (fixed === null) return;
  result.affected = true;
  if (fixed === undefined || result.fixed.includes(fixed)) return;
  if (result.fixed === NONE) result.fixed = [fixed];
  else result.fixed.push(fixed);
}

/**
 * null: the version is not in the range (or the range cannot be decided, with a problem added);
 * otherwise the smallest fixed event above the version, or undefined when there is none.
 */
function evaluateRange(
  version: string,
  range: PreparedRange & { kind: 'ordered' },
  result: AffectedResult,
): string | undefined | null {
  const { versions, index } = range;
  const v = versions.read(version);
  if (v === UNREADABLE) {
    readable(version, versions, result, index, 'the version');
    return null;
  }
  if (range.empty) {
    problem(result, 'ERR_OSPO_OSV_RANGE', 'the range has no introduced event, so nothing is in it', index);
  }
  const bad = range.unreadable;
  if (bad) {
    readable(bad.value, versions, result, index, `the ${bad.kind} event`);
    return null;
  }
  // every event is readable from here on: compared on their parsed forms
  const { scheme } = versions;
  let vulnerable = false;
  for (const e of range.sorted) {
    const at = e.special ? 1 : scheme.compareParsed(v, e.parsed);
    if (e.kind === 'introduced' && at >= 0) vulnerable = true;
    else if (e.kind === 'fixed' && at >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && at > 0) vulnerable = false;
  }
  if (!vulnerable) return null;
  if (
    range.limits.length > 0 &&
    !range.limits.some((l) => l.special || scheme.compareParsed(v, l.parsed) < 0)
  )
    return null;
  // the smallest fixed event above the version, the first of equal ones
  let smallest: Event | undefined;
  for (const e of range.fixed) {
    if (scheme.compareParsed(e.parsed, v) <= 0) continue;
    if (!smallest || scheme.compareParsed(e.parsed, smallest.parsed) < 0) smallest = e;
  }
  return smallest?.raw;
}

/** The walk's order: special events first, then by version, and at the same version by RANK. */
function ordering(scheme: VersionScheme): (a: Event, b: Event) => number {
  return (a, b) => {
    if (a.special || b.special) return a.special === b.special ? 0 : a.special ? -1 : 1;
    return scheme.compareParsed(a.parsed, b.parsed) || RANK[a.kind] - RANK[b.kind];
  };
}

/** The one kind an event names (the schema, and readOsvRange, let it name exactly one). */
function eventKind(e: Partial<Record<Kind, string>>): Kind {
  for (const kind of KINDS) if (e[kind] !== undefined) return kind;
  throw new Error('an OSV event names no kind');
}

const KINDS: readonly Kind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

type Kind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
/** The empty list a result starts with: frozen, replaced by a list of its own on the first push. */
const NONE = Object.freeze([]) as unknown as never[];
/** At the same version an introduced event comes first, so that introduced X, fixed X is empty. */
const RANK: Readonly<Record<Kind, number>> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

interface PreparedVersions {
  all: readonly unknown[];
  nonString: boolean;
  /** The string entries, each with its parsed form (UNREADABLE when the scheme does not read it). */
  listed: { text: string; parsed: unknown }[];
  versions: SchemeVersions | null;
}

function prepareVersions(all: readonly unknown[], versions: SchemeVersions | null): PreparedVersions {
  const listed: PreparedVersions['listed'] = [];
  let nonString = false;
  for (const v of all) {
    if (typeof v !== 'string') nonString = true;
    else listed.push({ text: v, parsed: versions ? versions.read(v) : UNREADABLE });
  }
  return { all, nonString, listed, versions };
}

function inVersionsList(version: string, list: PreparedVersions, result: AffectedResult): boolean {
  if (list.all.includes(version)) return true;
  if (list.nonString) {
    problem(result, 'ERR_OSPO_OSV_VERSIONS', 'the versions list holds something other than strings');
  }
  const { versions, listed } = list;
  if (!versions || listed.length === 0) return false;
  const v = versions.read(version);
  if (v === UNREADABLE) {
    readable(version, versions, result, undefined, 'the version');
    return false;
  }
  // every entry is looked at, so that each unreadable one is reported
  let found = false;
  for (const entry of listed) {
    if (entry.parsed === UNREADABLE) readable(entry.text, versions, result, undefined, 'a versions entry');
    else if (versions.scheme.compareParsed(entry.parsed, v) === 0) found = true;
  }
  return found;
}

function readable(
  value: string,
  versions: SchemeVersions,
  result: AffectedResult,
  range: number | undefined,
  what: string,
): boolean {
  if (versions.isValid(value)) return true;
  problem(
    result,
    'ERR_OSPO_VERSION',
    `${what} "${value}" is not a ${versions.scheme.id} version`,
    range,
    value,
  );
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
  if (result.problems === NONE) result.problems = [];
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
