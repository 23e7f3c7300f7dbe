import { compareDigits, compareText, type Ordering } from '../../../core/versioning.js';

/**
 * apk's ordering, token by token: numbers (`.`), one letter, `_suffix[N]`, `~hash`, `-rN`. When the two
 * versions have different tokens at the same place, a pre-release suffix (_alpha, _beta, _pre, _rc) is
 * older than anything, a further number is newer than anything, and otherwise a letter beats a
 * suffix, which beats a hash, which beats a revision, which beats the end.
 */
export type Token =
  | { kind: '.'; text: string; first: boolean }
  | { kind: 'letter'; text: string }
  | { kind: '_'; suffix: Suffix; digits: string }
  | { kind: '~'; text: string }
  | { kind: '-r'; digits: string };

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'] as const;
type Suffix = (typeof SUFFIXES)[number];
const PRE_RELEASE: readonly Suffix[] = ['alpha', 'beta', 'pre', 'rc'];
/** Earlier is newer, for tokens of different kinds. */
const KIND_ORDER: readonly Token['kind'][] = ['.', 'letter', '_', '~', '-r'];

export const APK_VERSION = new RegExp(
  `^([0-9]+)((?:\\.[0-9]+)*)([a-z])?((?:_(?:${SUFFIXES.join('|')})[0-9]*)*)(?:~([0-9a-f]+))?(?:-r([0-9]+))?$`,
);

export function tokenize(m: RegExpExecArray): Token[] {
  const tokens: Token[] = [{ kind: '.', text: m[1] ?? '0', first: true }];
  for (const n of (m[2] ?? '').split('.').slice(1)) tokens.push({ kind: '.', text: n, first: false });
  if (m[3]) tokens.push({ kind: 'letter', text: m[3] });
  for (const s of (m[4] ?? '').matchAll(/_([a-z]+)([0-9]*)/g)) {
    tokens.push({ kind: '_', suffix: s[1] as Suffix, digits: s[2] ?? '' });
  }
  if (m[5]) tokens.push({ kind: '~', text: m[5] });
  if (m[6] !== undefined) tokens.push({ kind: '-r', digits: m[6] });
  return tokens;
}

export function compareTokens(a: Token[], b: Token[]): Ordering {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.kind !== y.kind) return compareKinds(x, y);
    const order = compareSame(x, y);
    if (order !== 0) return order;
  }
}

function compareSame(x: Token, y: Token): Ordering {
  switch (x.kind) {
    case '.': {
      const other = y as typeof x;
      // after the first number, a number with a leading zero compares as a decimal fraction: 1.0 < 1.00
      if (x.first || (!x.text.startsWith('0') && !other.text.startsWith('0')))
        return compareDigits(x.text, other.text);
      return compareText(x.text, other.text);
    }
    case '_': {
      const other = y as typeof x;
      const rank = SUFFIXES.indexOf(x.suffix) - SUFFIXES.indexOf(other.suffix);
      return rank !== 0 ? (rank < 0 ? -1 : 1) : compareDigits(x.digits, other.digits);
    }
    case '-r':
      return compareDigits(x.digits, (y as typeof x).digits);
    default:
      return compareText(x.text, (y as typeof x).text);
  }
}

function compareKinds(x: Token | undefined, y: Token | undefined): Ordering {
  if (x === undefined && y === undefined) return 0;
  if (x?.kind === '_' && PRE_RELEASE.includes(x.suffix)) return -1;
  if (y?.kind === '_' && PRE_RELEASE.includes(y.suffix)) return 1;
  if (x?.kind === '.') return 1;
  if (y?.kind === '.') return -1;
  if (x === undefined) return -1;
  if (y === undefined) return 1;
  return KIND_ORDER.indexOf(x.kind) < KIND_ORDER.indexOf(y.kind) ? 1 : -1;
}
