import { InputError } from '../../core/errors.js';

/**
 * Version ranges for waivers, deliberately small: ecosystems order versions differently, and a waiver
 * only needs "this version", "these versions" or "all". Comparators work on dotted numeric versions
 * (`1`, `1.2`, `v1.2.3`; missing parts are 0); a version with anything else in it (`1.2.3-beta`,
 * `2.0.RELEASE`) only matches `*` or its exact text, so a range never waives more than it says.
 *
 *   *  |  1.2.3 (exact)  |  >=1.2 <2  |  1.x, 1.2.x  |  ^1.2.3  |  ~1.2.3  |  a || b
 */
export type VersionRange = readonly (readonly Comparator[])[];

type Comparator = { op: '<' | '<=' | '>' | '>=' | '='; version: number[] } | { op: 'exact'; text: string };

/** Parse a range; throws InputError ERR_OSPO_WAIVER_VERSION_RANGE on anything else. */
export function parseVersionRange(range: string): VersionRange {
  const trimmed = range.trim();
  if (trimmed === '') throw rangeError(range, 'it is empty');
  return trimmed.split('||').map((alternative) => {
    const parts = alternative.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) throw rangeError(range, 'an empty alternative around "||"');
    return parts.flatMap((part) => comparators(part, range));
  });
}

/** True when `version` is in `range`; a null version (not pinned) is only in `*`. */
export function versionInRange(version: string | null, range: VersionRange | string): boolean {
  const parsed = typeof range === 'string' ? parseVersionRange(range) : range;
  return parsed.some((set) => set.every((comparator) => satisfies(version, comparator)));
}

function satisfies(version: string | null, comparator: Comparator): boolean {
  if (version === null) return false;
  if (comparator.op === 'exact') {
    if (comparator.text === version) return true;
    const a = numeric(comparator.text);
    const b = numeric(version);
    return a !== null && b !== null && compare(a, b) === 0;
  }
  const parts = numeric(version);
  if (parts === null) return false;
  const order = compare(parts, comparator.version);
  switch (comparator.op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
  }
}

function comparators(part: string, range: string): Comparator[] {
  if (/^[*xX]$/.test(part)) return [];
  const match = /^(<=|>=|<|>|=|\^|~)?(.+)$/.exec(part);
  const op = match?.[1];
  const text = match?.[2] ?? '';
  const wildcard = /^v?(\d+(?:\.\d+)*)\.[xX*]$/.exec(text);
  if (wildcard?.[1] && !op) {
    const base = numbers(wildcard[1]);
    return [
      { op: '>=', version: base },
      { op: '<', version: bump(base, base.length - 1) },
    ];
  }
  const version = numeric(text);
  if (!op) return [{ op: 'exact', text }];
  if (version === null)
    throw rangeError(range, `"${part}" compares with a version that is not dotted numbers`);
  if (op === '^') {
    const first = version.findIndex((n) => n !== 0);
    return [
      { op: '>=', version },
      { op: '<', version: bump(version, first === -1 ? version.length - 1 : first) },
    ];
  }
  if (op === '~') {
    return [
      { op: '>=', version },
      { op: '<', version: bump(version, Math.min(1, version.length - 1)) },
    ];
  }
  return [{ op: op as '<' | '<=' | '>' | '>=' | '=', version }];
}

/** [1, 2, 3] bumped at 1 is [1, 3]. */
function bump(version: number[], at: number): number[] {
  return [...version.slice(0, at), (version[at] ?? 0) + 1];
}

function numeric(text: string): number[] | null {
  return /^v?\d+(?:\.\d+)*$/.test(text) ? numbers(text.replace(/^v/, '')) : null;
}

function numbers(text: string): number[] {
  return text.split('.').map(Number);
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function rangeError(range: string, problem: string): InputError {
  return new InputError('ERR_OSPO_WAIVER_VERSION_RANGE', `invalid version range "${range}": ${problem}`, {
    hint: 'Use *, an exact version, comparators like ">=1.2 <2", 1.x, ^1.2.3 or ~1.2.3, joined by ||.',
  });
}
