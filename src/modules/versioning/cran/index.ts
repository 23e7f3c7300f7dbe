import {
  compareDigits,
  type Ordering,
  sign,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

const PATTERN = /^[0-9]+(?:[.-][0-9]+)+$/;

/**
 * CRAN (R's package_version): at least two non-negative integers separated by `.` or `-`, which are
 * the same separator (1.2-3 = 1.2.3). Numbers compare as numbers (1.01 = 1.1); when one version is a
 * prefix of the other, the shorter is older (1.0 < 1.0.0, unlike most schemes).
 */
export const cranScheme = {
  id: 'cran',
  version: 1,
  ecosystems: ['CRAN'],
  parse,
  isValid: (version) => PATTERN.test(version),
  compare: (a, b) => compareParts(parse(a), parse(b)),
  compareParsed: compareParts,
} satisfies VersionScheme<string[]>;

function parse(version: string): string[] {
  if (!PATTERN.test(version)) {
    throw versionError(
      'R package',
      version,
      'expected at least two numbers separated by "." or "-", e.g. 1.2-3',
    );
  }
  return version.split(/[.-]/);
}

function compareParts(a: string[], b: string[]): Ordering {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}
