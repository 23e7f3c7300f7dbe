import {
  compareDigits,
  compareText,
  type Ordering,
  sign,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

export interface NuGetVersion {
  /** Major, minor, patch, revision; missing parts are 0. */
  numbers: [string, string, string, string];
  labels: string[];
}

const LABEL = '[0-9A-Za-z-]+';
const FULL = new RegExp(
  `^([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${LABEL}(?:\\.${LABEL})*))?(?:\\+${LABEL}(?:\\.${LABEL})*)?$`,
);
const INT32_MAX = '2147483647';

/**
 * NuGet (NuGet.Versioning): SemVer 2.0 with up to four numbers (1.2.3.4), missing numbers as 0
 * (1.0 = 1.0.0.0), leading zeros allowed (1.01 = 1.1), pre-release labels compared without regard to
 * case (1.0.0-BETA = 1.0.0-beta) and build metadata ignored.
 */
export const nugetScheme = {
  id: 'nuget',
  version: 1,
  ecosystems: ['NuGet'],
  parse,
  isValid: (version) => attempt(version) !== null,
  compare: (a, b) => compareParsed(parse(a), parse(b)),
  compareParsed,
} satisfies VersionScheme<NuGetVersion>;

function parse(version: string): NuGetVersion {
  const parsed = attempt(version);
  if (!parsed) {
    throw versionError(
      'NuGet',
      version,
      'expected N[.N[.N[.N]]][-LABEL][+METADATA], numbers up to 2147483647',
    );
  }
  return parsed;
}

function attempt(version: string): NuGetVersion | null {
  const m = FULL.exec(version);
  if (!m) return null;
  const numbers: [string, string, string, string] = [m[1] ?? '0', m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'];
  if (numbers.some((n) => compareDigits(n, INT32_MAX) > 0)) return null;
  return { numbers, labels: m[5] ? m[5].split('.') : [] };
}

function compareParsed(a: NuGetVersion, b: NuGetVersion): Ordering {
  for (let i = 0; i < 4; i++) {
    const order = compareDigits(a.numbers[i] ?? '0', b.numbers[i] ?? '0');
    if (order !== 0) return order;
  }
  if (a.labels.length === 0 || b.labels.length === 0) return sign(b.labels.length - a.labels.length);
  for (let i = 0; i < Math.min(a.labels.length, b.labels.length); i++) {
    const x = a.labels[i] ?? '';
    const y = b.labels[i] ?? '';
    const numX = /^[0-9]+$/.test(x);
    const numY = /^[0-9]+$/.test(y);
    const order =
      numX && numY
        ? compareDigits(x, y)
        : numX !== numY
          ? numX
            ? -1
            : 1
          : compareText(x.toUpperCase(), y.toUpperCase());
    if (order !== 0) return order;
  }
  return sign(a.labels.length - b.labels.length);
}
