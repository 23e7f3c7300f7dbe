import {
  compareDigits,
  type Ordering,
  sign,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

export interface DebianVersion {
  epoch: string;
  upstream: string;
  /** Empty when the version has none, which orders like "0". */
  revision: string;
}

/**
 * Debian (dpkg): [epoch:]upstream[-revision]. Each part is compared as alternating runs of non-digits
 * and digits: non-digits character by character, letters before other characters and `~` before
 * everything, even the end (1.0~rc1 < 1.0); digit runs as numbers (1.01 = 1.1).
 */
export const debianScheme = {
  id: 'debian',
  version: 1,
  ecosystems: ['Debian'],
  parse,
  isValid: (version) => problem(version) === null,
  compare: (a, b) => compareParsed(parse(a), parse(b)),
  compareParsed,
} satisfies VersionScheme<DebianVersion>;

function compareParsed(x: DebianVersion, y: DebianVersion): Ordering {
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareFragment(x.upstream, y.upstream) ||
    compareFragment(x.revision, y.revision)
  );
}

function parse(version: string): DebianVersion {
  const reason = problem(version);
  if (reason) throw versionError('Debian', version, reason);
  return split(version);
}

function split(version: string): DebianVersion {
  const colon = version.indexOf(':');
  const epoch = colon === -1 ? '0' : version.slice(0, colon);
  const rest = version.slice(colon + 1);
  const dash = rest.lastIndexOf('-');
  return dash === -1
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

function problem(version: string): string | null {
  if (version === '') return 'it is empty';
  const { epoch, upstream, revision } = split(version);
  if (!/^[0-9]+$/.test(epoch)) return 'the epoch before ":" is not a number';
  if (compareDigits(epoch, '2147483647') > 0) return 'the epoch is too large';
  if (upstream === '') return 'the upstream version is empty';
  if (!/^[0-9]/.test(upstream)) return 'the upstream version does not start with a digit';
  if (!/^[A-Za-z0-9.+~:-]+$/.test(upstream)) return 'the upstream version has a character dpkg refuses';
  if (version.includes('-') && !/^[A-Za-z0-9.+~]+$/.test(revision))
    return 'the revision after the last "-" is empty or has a character dpkg refuses';
  return null;
}

/** dpkg's verrevcmp. */
function compareFragment(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // the non-digit runs, character by character
    while ((i < a.length && !isDigit(a, i)) || (j < b.length && !isDigit(b, j))) {
      const x = weight(a, i);
      const y = weight(b, j);
      if (x !== y) return sign(x - y);
      i++;
      j++;
    }
    // then the digit runs, as numbers
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a, i)) i++;
    while (j < b.length && isDigit(b, j)) j++;
    const order = compareDigits(a.slice(startA, i), b.slice(startB, j));
    if (order !== 0) return order;
  }
  return 0;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** End of string and digits weigh 0, `~` below that, letters by code, anything else after letters. */
function weight(s: string, i: number): number {
  if (i >= s.length || isDigit(s, i)) return 0;
  const c = s.charCodeAt(i);
  if (c === 126) return -1;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  return c + 256;
}
