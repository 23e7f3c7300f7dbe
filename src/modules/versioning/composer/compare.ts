import { compareDigits, type Ordering } from '../../../core/versioning.js';

/**
 * Composer's ordering: a version is first normalized the way composer/semver's VersionParser does
 * (four numbers, stability suffixes spelled out: 1.0rc1 -> 1.0.0.0-RC1, v2.1-p2 -> 2.1.0.0-patch2,
 * 1.x-dev -> 1.9999999.9999999.9999999-dev), then compared like PHP's version_compare.
 */
export type Token = { number: string } | { word: Stability };
type Stability = 'dev' | 'alpha' | 'beta' | 'RC' | 'patch';

// composer/semver writes the number part `(?:[.-]?\d+)*+`; possessive quantifiers do not exist here, and
// this unambiguous form of the same language keeps long digit runs from backtracking exponentially
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)([.-]?[0-9]+(?:[.-][0-9]+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?([0-9]{1,5})(\\.[0-9]+)?(\\.[0-9]+)?(\\.[0-9]+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?([0-9]{4}(?:[.:-]?[0-9]{2}){1,6}(?:[.:-]?[0-9]{1,3})?)${MODIFIER}$`, 'i');
const BRANCH = /^v?([0-9]+)(\.(?:[0-9]+|[xX*]))?(\.(?:[0-9]+|[xX*]))?(\.(?:[0-9]+|[xX*]))?$/i;

/** PHP's version_compare ranks of the special words; a number ranks as "#" between RC and patch. */
const RANK: Readonly<Record<Stability, number>> = { dev: 0, alpha: 1, beta: 2, RC: 3, patch: 5 };
const NUMBER_RANK = 4;

/** The normalized form, e.g. `1.0.0.0-beta2`; a string starting with `!` says why there is none. */
export function normalizeComposer(version: string): string {
  if (version !== version.trim() || version === '') return '!it is empty or has surrounding spaces';
  if (/^(?:dev-|master$|trunk$|default$)/i.test(version)) return '!a branch name, which has no order';
  const withoutBuild = /^([^,\s+]+)\+[^\s]+$/.exec(version)?.[1] ?? version;
  const classical = CLASSICAL.exec(withoutBuild);
  if (classical) {
    const [, major, minor, patch, extra, stability, number, dev] = classical;
    return modifiers(`${major}${minor || '.0'}${patch || '.0'}${extra || '.0'}`, stability, number, dev);
  }
  const date = DATE.exec(withoutBuild);
  if (date) return modifiers((date[1] ?? '').replace(/[^0-9]/g, '.'), date[2], date[3], date[4]);
  const branch = /^(.*?)[.-]?dev$/i.exec(withoutBuild);
  const numbered = branch ? BRANCH.exec(branch[1] ?? '') : null;
  if (numbered) {
    const parts = [numbered[1], numbered[2] ?? '.x', numbered[3] ?? '.x', numbered[4] ?? '.x'];
    return `${parts.join('').replace(/[xX*]/g, '9999999')}-dev`;
  }
  return '!expected MAJOR[.MINOR[.PATCH[.EXTRA]]] with an optional -alpha/-beta/-RC/-patch/-dev suffix';
}

function modifiers(base: string, stability?: string, number?: string, dev?: string): string {
  let version = base;
  if (stability && stability.toLowerCase() !== 'stable') {
    version += `-${expandStability(stability)}${(number ?? '').replace(/^[.-]+/, '')}`;
  }
  if (dev) version += '-dev';
  return version;
}

function expandStability(stability: string): Stability {
  const s = stability.toLowerCase();
  if (s === 'a' || s === 'alpha') return 'alpha';
  if (s === 'b' || s === 'beta') return 'beta';
  if (s === 'rc') return 'RC';
  return 'patch';
}

/** A normalized version as version_compare splits it: at `.`, `-` and between digits and letters. */
export function tokenize(normalized: string): Token[] {
  return (normalized.match(/[0-9]+|[A-Za-z]+/g) ?? []).map((part) =>
    /^[0-9]/.test(part) ? { number: part } : { word: part as Stability },
  );
}

export function compareTokens(a: Token[], b: Token[]): Ordering {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const order =
      'number' in x && 'number' in y ? compareDigits(x.number, y.number) : rankOrder(rank(x), rank(y));
    if (order !== 0) return order;
  }
  // the longer one is newer when it goes on with a number, else its word is ranked against a number's
  const rest = a.length > n ? a[n] : b.length > n ? b[n] : undefined;
  if (rest === undefined) return 0;
  const order = 'number' in rest ? 1 : rankOrder(rank(rest), NUMBER_RANK);
  return a.length > n ? order : order === 0 ? 0 : order === 1 ? -1 : 1;
}

function rank(token: Token): number {
  return 'number' in token ? NUMBER_RANK : RANK[token.word];
}

function rankOrder(x: number, y: number): Ordering {
  return x < y ? -1 : x > y ? 1 : 0;
}
