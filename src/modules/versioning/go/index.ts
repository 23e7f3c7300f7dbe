import {
  compareDigits,
  compareText,
  type Ordering,
  sign,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

export interface GoVersion {
  /** Major, minor, patch as digit strings (no leading zeros), shorthand `v1.2` filled with zeros. */
  numbers: [string, string, string];
  prerelease: string[];
  incompatible: boolean;
}

const NUMBER = '0|[1-9][0-9]*';
const IDENT = `(?:${NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const FULL = new RegExp(
  `^v?(${NUMBER})(?:\\.(${NUMBER})(?:\\.(${NUMBER})(?:-(${IDENT}(?:\\.${IDENT})*))?(\\+incompatible)?)?)?$`,
);

/**
 * Go module versions: semantic versions with an optional `v` (OSV writes them without), pseudo-versions
 * (`v0.0.0-20210517010151-5ec03a8b1234`, `v1.2.4-0.2021...`), which order as the pre-releases they are,
 * and `+incompatible`, which is build metadata and does not change the order.
 */
export const goScheme = {
  id: 'go',
  version: 1,
  ecosystems: ['Go'],
  parse,
  isValid: (version) => FULL.test(version),
  compare: (a, b) => compareParsed(parse(a), parse(b)),
  compareParsed,
} satisfies VersionScheme<GoVersion>;

function parse(version: string): GoVersion {
  const m = FULL.exec(version);
  if (!m) {
    throw versionError(
      'Go module',
      version,
      'expected vMAJOR.MINOR.PATCH[-PRERELEASE][+incompatible], numbers without leading zeros',
    );
  }
  return {
    numbers: [m[1] ?? '0', m[2] ?? '0', m[3] ?? '0'],
    prerelease: m[4] ? m[4].split('.') : [],
    incompatible: m[5] !== undefined,
  };
}

function compareParsed(a: GoVersion, b: GoVersion): Ordering {
  for (let i = 0; i < 3; i++) {
    const order = compareDigits(a.numbers[i] ?? '0', b.numbers[i] ?? '0');
    if (order !== 0) return order;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return sign(b.prerelease.length - a.prerelease.length);
  }
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const x = a.prerelease[i] ?? '';
    const y = b.prerelease[i] ?? '';
    const numX = /^[0-9]+$/.test(x);
    const numY = /^[0-9]+$/.test(y);
    const order = numX && numY ? compareDigits(x, y) : numX !== numY ? (numX ? -1 : 1) : compareText(x, y);
    if (order !== 0) return order;
  }
  return sign(a.prerelease.length - b.prerelease.length);
}
