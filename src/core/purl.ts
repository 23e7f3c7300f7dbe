import { createRequire } from 'node:module';
import type { PackageURL } from 'packageurl-js';
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
  // most names are in that form already: checking so is cheaper than a replace and a lower-casing
  if (pep503Normal(name)) return name;
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * The purl of a package, split into namespace and name the way each type's specification says:
 * npm `@scope/name`, Maven `group:artifact`, Go and Packagist by their last `/`.
 * Go versions get their `v` back, since the purl keeps the module version as Go writes it.
 */
export function purlFor(ecosystem: Ecosystem, name: string, version: string | null): string {
  const quick = quickPurl(ecosystem, name, version);
  if (quick !== null) return quick;
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

/**
 * A purl built without the memo; `viaPackageUrl` skips the fast path for plain names (tests compare the two).
 * @internal
 */
export function buildPurl(
  ecosystem: Ecosystem,
  name: string,
  version: string | null,
  viaPackageUrl = false,
): string {
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
  if (!viaPackageUrl) {
    const plain = plainPurl(type, namespace, local, purlVersion);
    if (plain !== null) return plain;
  }
  try {
    const PackageUrl = packageUrlClass();
    return new PackageUrl(type, namespace, local, purlVersion, undefined, undefined).toString();
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

/**
 * `buildPurl`'s answer for a plain name, or null. Tried before the memo: for a plain name, checking
 * its characters and joining the parts is several times cheaper than three map look-ups in the memo
 * of a large scan (hundreds of thousands of entries, each look-up a few cache misses).
 */
function quickPurl(ecosystem: Ecosystem, name: string, version: string | null): string | null {
  const type = purlTypes[ecosystem];
  if (plainTypes[type] === undefined) return null;
  let namespace: string | undefined;
  let local = name;
  let purlVersion = version ?? undefined;
  if ((ecosystem === 'npm' && name.charCodeAt(0) === 64) || ecosystem === 'Packagist' || ecosystem === 'Go') {
    const at = name.lastIndexOf('/');
    if (at > 0) {
      namespace = name.slice(0, at);
      local = name.slice(at + 1);
    }
    // as buildPurl does: the purl keeps Go's `v`
    if (ecosystem === 'Go' && purlVersion && purlVersion.charCodeAt(0) !== 118)
      purlVersion = `v${purlVersion}`;
  } else if (ecosystem === 'PyPI' && !pep503Normal(name)) {
    return null;
  }
  if (local === '') return null;
  return plainPurl(type, namespace, local, purlVersion);
}

/** The name is its own PEP 503 form: a-z, 0-9 and single `-` (what `normalizePypiName` leaves alone). */
function pep503Normal(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
    if (c === 45 && name.charCodeAt(i + 1) !== 45) continue;
    return false;
  }
  return true;
}

/**
 * Types whose purl, for a name of plain characters, is `pkg:type/namespace/name@version` as it stands:
 * packageurl-js changes nothing in it but lower case (which these names, lower case already, do not
 * have) and checks nothing a plain name could fail. 1 = lower-cased by the type, 2 = kept as written.
 * Go is kept as written too; its namespace is a path (segments of plain characters) and a version
 * starting with `v` must be SemVer after it, as packageurl-js checks. Maven, Pub, Conan and CRAN
 * (checks of their own) always go through packageurl-js.
 */
const plainTypes: Record<string, 1 | 2 | undefined> = {
  npm: 1,
  pypi: 1,
  composer: 1,
  hex: 1,
  cargo: 2,
  gem: 2,
  nuget: 2,
  golang: 2,
};

/**
 * The purl packageurl-js would give, when every character is one that neither its normalising
 * (trimming, lower case, `_` to `-` for PyPI, collapsed `/`) nor its percent-encoding changes: ASCII
 * letters (lower case only where the type lowers them), digits, `.`, `-`, `_`, `~`; an `@` in a namespace
 * (npm scopes) becomes `%40`; `+` and `:` are kept in versions. Anything else: null, and packageurl-js
 * decides. Building a purl this way is several times faster, and a large scan builds hundreds of thousands.
 */
function plainPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
): string | null {
  const kind = plainTypes[type];
  if (kind === undefined) return null;
  const upper = kind === 2;
  if (!plainText(name, upper, false)) return null;
  if (type === 'pypi' && name.includes('_')) return null; // the pypi type turns `_` into `-`
  let purl = `pkg:${type}/`;
  if (namespace !== undefined && namespace !== '') {
    if (type === 'golang') {
      if (!plainPath(namespace)) return null;
      purl += `${namespace}/`;
    } else {
      if (!plainText(namespace, upper, true)) return null;
      purl += namespace.charCodeAt(0) === 64 ? `%40${namespace.slice(1)}/` : `${namespace}/`;
    }
  }
  purl += name;
  if (version !== undefined && version !== '') {
    if (!plainVersion(version)) return null;
    if (type === 'golang' && version.charCodeAt(0) === 118 && !SEMVER.test(version.slice(1))) return null;
    purl += `@${version}`;
  }
  return purl;
}

/** a-z, 0-9, `.`, `-`, `_`, `~` (and A-Z when `upper`); a leading `@` when `scope`. */
function plainText(text: string, upper: boolean, scope: boolean): boolean {
  if (text.length === 0) return false;
  for (let i = scope && text.charCodeAt(0) === 64 ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) continue; // a-z
    if (c >= 48 && c <= 57) continue; // 0-9
    if (c === 45 || c === 46 || c === 95 || c === 126) continue; // - . _ ~
    if (upper && c >= 65 && c <= 90) continue; // A-Z
    return false;
  }
  return true;
}

/** Segments of plain characters (A-Z too) joined by single `/`: a path packageurl-js leaves as it is. */
function plainPath(text: string): boolean {
  let start = 0;
  for (;;) {
    const end = text.indexOf('/', start);
    const segment = end < 0 ? text.slice(start) : text.slice(start, end);
    if (!plainText(segment, true, false)) return false;
    if (end < 0) return true;
    start = end + 1;
  }
}

/** SemVer 2.0 as packageurl-js checks a Go version after its `v`. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A-Z, a-z, 0-9, `.`, `-`, `_`, `~`, `+`, `:`: what packageurl-js writes into a version unchanged. */
function plainVersion(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    if (c >= 48 && c <= 57) continue;
    if (c >= 65 && c <= 90) continue;
    if (c === 45 || c === 46 || c === 95 || c === 126 || c === 43 || c === 58) continue;
    return false;
  }
  return true;
}

const load = createRequire(import.meta.url);
let packageUrl: typeof PackageURL | undefined;

/**
 * packageurl-js, loaded on first use: most purls a scan makes are built without it, and every parse
 * worker loads this module.
 */
export function packageUrlClass(): typeof PackageURL {
  packageUrl ??= (load('packageurl-js') as { PackageURL: typeof PackageURL }).PackageURL;
  return packageUrl;
}
