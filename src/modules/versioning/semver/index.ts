import { createRequire } from 'node:module';
import {
  compareDigits,
  compareText,
  type Ordering,
  sign,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

/** What the `semver` package's parse gives back; only the parts the ordering needs. */
interface SemVerParts {
  major: number;
  minor: number;
  patch: number;
  /** Numeric identifiers are numbers, except those too big for one, which stay strings. */
  prerelease: readonly (string | number)[];
}

const parseSemver = createRequire(import.meta.url)('semver/functions/parse.js') as (
  version: string,
) => SemVerParts | null;

/**
 * SemVer 2.0.0 (semver.org), the ordering of npm, crates.io, Hex and Pub, and of OSV `SEMVER` ranges.
 * The `semver` package reads the text; precedence is compared here so that numeric pre-release
 * identifiers of any size compare exactly (the package rounds them through floats).
 */
export const semverScheme = {
  id: 'semver',
  version: 1,
  ecosystems: ['npm', 'crates.io', 'Hex', 'Pub'],
  parse,
  isValid: (version) => attempt(version) !== null,
  compare: (a, b) => compareParsed(parse(a), parse(b)),
  compareParsed,
} satisfies VersionScheme<SemVerParts>;

function parse(version: string): SemVerParts {
  const parsed = attempt(version);
  if (!parsed) throw versionError('SemVer', version, 'expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]');
  return parsed;
}

function attempt(version: string): SemVerParts | null {
  // the package trims whitespace and takes a leading "v"; only the "v" is a version's own
  if (version !== version.trim() || version.length === 0) return null;
  return parseSemver(version);
}

function compareParsed(a: SemVerParts, b: SemVerParts): Ordering {
  const main = sign(a.major - b.major) || sign(a.minor - b.minor) || sign(a.patch - b.patch);
  if (main !== 0) return main;
  // a release is newer than any of its pre-releases; build metadata never counts
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return sign(b.prerelease.length - a.prerelease.length);
  }
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const order = compareIdentifier(String(a.prerelease[i]), String(b.prerelease[i]));
    if (order !== 0) return order;
  }
  return sign(a.prerelease.length - b.prerelease.length);
}

/** Numeric identifiers by value, below alphanumeric ones, which compare in ASCII order. */
function compareIdentifier(a: string, b: string): Ordering {
  const numA = /^[0-9]+$/.test(a);
  const numB = /^[0-9]+$/.test(b);
  if (numA && numB) return compareDigits(a, b);
  if (numA !== numB) return numA ? -1 : 1;
  return compareText(a, b);
}
