import { PackageURL } from 'packageurl-js';
import { ParseError } from './errors.js';
import type { Ecosystem } from './inventory.js';

const purlTypes: Record<Ecosystem, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
  Maven: 'maven',
  NuGet: 'nuget',
  Pub: 'pub',
  Hex: 'hex',
  ConanCenter: 'conan',
  CRAN: 'cran',
};

export function purlType(ecosystem: Ecosystem): string {
  return purlTypes[ecosystem];
}

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * The purl of a package, split into namespace and name the way each type's specification says:
 * npm `@scope/name`, Maven `group:artifact`, Go and Packagist by their last `/`.
 * Go versions get their `v` back, since the purl keeps the module version as Go writes it.
 */
export function purlFor(ecosystem: Ecosystem, name: string, version: string | null): string {
  let byName = memo.get(ecosystem);
  if (!byName) {
    byName = new Map();
    memo.set(ecosystem, byName);
  }
  let byVersion = byName.get(name);
  if (!byVersion) {
    if (memoSize >= MEMO_LIMIT) {
      memo.clear();
      memoSize = 0;
      byName = new Map();
      memo.set(ecosystem, byName);
    }
    byVersion = new Map();
    byName.set(name, byVersion);
  }
  const key = version ?? '';
  const known = byVersion.get(key);
  if (known !== undefined) return known;
  const purl = buildPurl(ecosystem, name, version);
  byVersion.set(key, purl);
  memoSize++;
  return purl;
}

/**
 * Lockfiles of one tree repeat the same packages over and over, and building a purl is costly:
 * ecosystem -> name -> version -> purl, without building a key string per call. Bounded.
 */
const memo = new Map<Ecosystem, Map<string, Map<string, string>>>();
let memoSize = 0;
const MEMO_LIMIT = 500_000;

function buildPurl(ecosystem: Ecosystem, name: string, version: string | null): string {
  const type = purlTypes[ecosystem];
  let namespace: string | undefined;
  let local = name;
  const splitLast = (sep: string) => {
    const at = name.lastIndexOf(sep);
    if (at > 0) {
      namespace = name.slice(0, at);
      local = name.slice(at + 1);
    }
  };
  switch (ecosystem) {
    case 'npm':
      if (name.startsWith('@')) splitLast('/');
      break;
    case 'Maven':
      splitLast(':');
      break;
    case 'Go':
    case 'Packagist':
      splitLast('/');
      break;
    case 'PyPI':
      local = normalizePypiName(name);
      break;
    default:
      break;
  }
  let purlVersion = version ?? undefined;
  if (ecosystem === 'Go' && purlVersion && !purlVersion.startsWith('v')) purlVersion = `v${purlVersion}`;
  if (!local) {
    throw new ParseError('ERR_OSPO_PURL', `cannot build a package URL for an empty ${ecosystem} name`, {
      hint: 'The file names a package without a name; it may be damaged.',
    });
  }
  try {
    return new PackageURL(type, namespace, local, purlVersion, undefined, undefined).toString();
  } catch {
    // packageurl-js refuses some names and versions its type rules do not expect (and crashes on a few
    // Go versions); the spec's generic encoding still gives a usable, stable purl for them
    const parts = [namespace, local].filter((x): x is string => Boolean(x)).map(encodeSegment);
    return `pkg:${type}/${parts.join('/')}${purlVersion ? `@${encodeURIComponent(purlVersion)}` : ''}`;
  }
}

function encodeSegment(segment: string): string {
  return segment
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}
