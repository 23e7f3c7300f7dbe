import {
  compareDigits,
  compareText,
  type Ordering,
  type VersionScheme,
  versionError,
} from '../../../core/versioning.js';

type Item = { int: string } | { str: string };

export interface ConanVersion {
  /** Dot-separated items without trailing zeros (1.0 = 1). */
  items: Item[];
  pre: ConanVersion | null;
  build: ConanVersion | null;
}

const CHARS = /^[A-Za-z0-9_][A-Za-z0-9_+.-]*$/;

/**
 * ConanCenter (Conan 2's `Version`): any number of dot-separated items, numbers compared as numbers and
 * words as text (a number against a word compares as text), trailing zeros ignored, a `-pre-release`
 * older than its release, and a `+build` that orders too: newer than the same version without one.
 */
export const conanScheme = {
  id: 'conan',
  version: 1,
  ecosystems: ['ConanCenter'],
  parse,
  isValid: (version) => CHARS.test(version),
  compare: (a, b) => compareVersions(parse(a), parse(b)),
  compareParsed: compareVersions,
} satisfies VersionScheme<ConanVersion>;

function parse(version: string): ConanVersion {
  if (!CHARS.test(version)) {
    throw versionError(
      'Conan',
      version,
      'expected letters, digits, "_", ".", "-" and "+", starting with a letter or digit',
    );
  }
  const plus = version.lastIndexOf('+');
  const build = plus === -1 ? null : qualifier(version.slice(plus + 1));
  const rest = plus === -1 ? version : version.slice(0, plus);
  const dash = rest.indexOf('-');
  const pre = dash === -1 ? null : qualifier(rest.slice(dash + 1));
  return { items: items(dash === -1 ? rest : rest.slice(0, dash)), pre, build };
}

/** A pre-release or build part is itself a version, split at dots only. */
function qualifier(text: string): ConanVersion {
  return { items: items(text), pre: null, build: null };
}

function items(text: string): Item[] {
  const list: Item[] = text
    .split('.')
    .map((s) => (/^[0-9]+$/.test(s) ? { int: s.replace(/^0+(?=.)/, '') } : { str: s }));
  while (list.length > 0) {
    const last = list[list.length - 1]!;
    if (!('int' in last) || last.int !== '0') break;
    list.pop();
  }
  return list;
}

function compareVersions(a: ConanVersion, b: ConanVersion): Ordering {
  const main = compareItems(a.items, b.items);
  if (a.pre && b.pre) return main || compareVersions(a.pre, b.pre) || compareOptional(a.build, b.build);
  // a pre-release is older than its release, and only then does the pre-release part decide
  if (a.pre) return main === 0 ? -1 : main;
  if (b.pre) return main === 0 ? 1 : main;
  return main || compareOptional(a.build, b.build);
}

function compareOptional(a: ConanVersion | null, b: ConanVersion | null): Ordering {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareVersions(a, b);
}

function compareItems(a: Item[], b: Item[]): Ordering {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const order =
      'int' in x && 'int' in y
        ? compareDigits(x.int, y.int)
        : compareText('int' in x ? x.int : x.str, 'int' in y ? y.int : y.str);
    if (order !== 0) return order;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
