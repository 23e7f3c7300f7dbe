import {
  compareDigits,
  compareText,
  type Ordering,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

/** A segment is a run of digits (kept as text, any size) or a run of letters. */
type Segment = { digits: string } | { letters: string };

const PATTERN = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * RubyGems (Gem::Version). A version with a letter in it is a pre-release and sorts before its release;
 * `-` is shorthand for `.pre.`; trailing zeros of the release part and of the pre-release part do not
 * count (1.0 = 1, 1.0.a = 1.a). Letters compare by byte, as Ruby's String#<=> does (RC1 < rc1).
 */
export const rubygemsScheme = {
  id: 'rubygems',
  version: 1,
  ecosystems: ['RubyGems'],
  parse,
  isValid: (version) => PATTERN.test(version),
  compare: (a, b): Ordering => compareSegments(parse(a), parse(b)),
  compareParsed: compareSegments,
} satisfies VersionScheme<Segment[]>;

/** The canonical segments Gem::Version compares. */
function parse(version: string): Segment[] {
  if (!PATTERN.test(version)) {
    throw versionError('RubyGems', version, 'expected digits and letters separated by dots, e.g. 1.2.0.rc1');
  }
  const segments: Segment[] = (version.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) =>
    /^[0-9]/.test(s) ? { digits: s } : { letters: s },
  );
  const firstLetters = segments.findIndex((s) => 'letters' in s);
  const release = firstLetters === -1 ? segments : segments.slice(0, firstLetters);
  const prerelease = firstLetters === -1 ? [] : segments.slice(firstLetters);
  return [...dropTrailingZeros(release), ...dropTrailingZeros(prerelease)];
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0) {
    const last = segments[end - 1]!;
    if (!('digits' in last) || compareDigits(last.digits, '0') !== 0) break;
    end--;
  }
  return segments.slice(0, end);
}

function compareSegments(a: Segment[], b: Segment[]): Ordering {
  const zero: Segment = { digits: '0' };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? zero;
    const y = b[i] ?? zero;
    if ('digits' in x && 'digits' in y) {
      const order = compareDigits(x.digits, y.digits);
      if (order !== 0) return order;
    } else if ('letters' in x && 'letters' in y) {
      const order = compareText(x.letters, y.letters);
      if (order !== 0) return order;
    } else {
      // a pre-release part is older than any number at the same place
      return 'letters' in x ? -1 : 1;
    }
  }
  return 0;
}
