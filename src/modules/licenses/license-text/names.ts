import type { LicenseIndex } from './corpus.js';
import { tokenize } from './normalize.js';

/** License names as people write them, normalized to one key each, to SPDX ids. */
export interface NameIndex {
  licenses: Map<string, string>;
  exceptions: Map<string, string>;
  /** Most words in a key. */
  longest: number;
}

/**
 * Common ways of naming licenses that neither the SPDX ids nor the full names give. Ours, short on
 * purpose: a name is only looked for right after "under", "License:" and the like.
 */
const ALIASES: [string, string][] = [
  ['expat', 'MIT'],
  ['mit x11', 'MIT'],
  ['new bsd', 'BSD-3-Clause'],
  ['revised bsd', 'BSD-3-Clause'],
  ['modified bsd', 'BSD-3-Clause'],
  ['bsd new', 'BSD-3-Clause'],
  ['bsd 3', 'BSD-3-Clause'],
  ['bsd 3 clause', 'BSD-3-Clause'],
  ['3 clause bsd', 'BSD-3-Clause'],
  ['simplified bsd', 'BSD-2-Clause'],
  ['freebsd', 'BSD-2-Clause'],
  ['bsd 2', 'BSD-2-Clause'],
  ['bsd 2 clause', 'BSD-2-Clause'],
  ['2 clause bsd', 'BSD-2-Clause'],
  ['apache 2', 'Apache-2.0'],
  ['apache software 2', 'Apache-2.0'],
  ['asl 2', 'Apache-2.0'],
  ['al 2', 'Apache-2.0'],
  ['cc0', 'CC0-1.0'],
  ['cc zero', 'CC0-1.0'],
  ['boost', 'BSL-1.0'],
  ['boost software', 'BSL-1.0'],
  ['mozilla public 2', 'MPL-2.0'],
  ['mpl 2', 'MPL-2.0'],
  ['eclipse public 2', 'EPL-2.0'],
  ['isc', 'ISC'],
  ['zlib', 'Zlib'],
  ['zlib libpng', 'Zlib'],
  ['wtfpl', 'WTFPL'],
  ['do what the fuck you want to public', 'WTFPL'],
  ['sil open font 1 1', 'OFL-1.1'],
  ['ofl', 'OFL-1.1'],
  ['unlicense', 'Unlicense'],
  ['european union public 1 2', 'EUPL-1.2'],
  ['python software foundation', 'PSF-2.0'],
  ['psf', 'PSF-2.0'],
  ['postgres', 'PostgreSQL'],
];

const GNU: [family: string, names: string[], versions: string[]][] = [
  ['GPL', ['gpl', 'gnu gpl', 'gnu general public'], ['1', '2', '3']],
  [
    'LGPL',
    ['lgpl', 'gnu lgpl', 'gnu lesser general public', 'gnu library general public'],
    ['2', '2 1', '3'],
  ],
  ['AGPL', ['agpl', 'gnu agpl', 'gnu affero general public', 'affero general public', 'affero gpl'], ['3']],
];

const EXCEPTION_ALIASES: [string, string][] = [
  ['classpath exception', 'Classpath-exception-2.0'],
  ['classpath', 'Classpath-exception-2.0'],
  ['llvm exception', 'LLVM-exception'],
  ['llvm exceptions', 'LLVM-exception'],
  ['gcc runtime library exception', 'GCC-exception-3.1'],
  ['openssl exception', 'OpenSSL-exception'],
];

let cached: NameIndex | undefined;

export function nameIndex(index: LicenseIndex): NameIndex {
  cached ??= build(index);
  return cached;
}

function build(index: LicenseIndex): NameIndex {
  const licenses = new Map<string, string>();
  const exceptions = new Map<string, string>();
  const add = (map: Map<string, string>, phrase: string, id: string) => {
    const key = nameKey(tokenize(phrase).words).join(' ');
    if (key.length > 0 && !map.has(key)) map.set(key, id);
  };
  for (const [phrase, id] of ALIASES) add(licenses, phrase, id);
  for (const [family, names, versions] of GNU) {
    for (const name of names) {
      for (const version of versions) {
        const id = `${family}-${version.replace(' ', '.')}${version.includes(' ') ? '' : '.0'}`;
        add(licenses, `${name} ${version} or later`, `${id}-or-later`);
        add(licenses, `${name} ${version} only`, `${id}-only`);
        add(licenses, `${name} ${version}`, `${id}-only`);
      }
    }
  }
  const current = [...index.licenseIds.values()].filter((id) => !index.deprecatedIds.has(id));
  for (const id of current) add(licenses, id, id);
  for (const id of current) {
    const name = index.names.get(id);
    if (name) add(licenses, name, id);
    if (id.endsWith('-only')) add(licenses, id.slice(0, -'-only'.length), id);
  }
  for (const [phrase, id] of EXCEPTION_ALIASES) add(exceptions, phrase, id);
  for (const id of index.exceptionIds.values()) add(exceptions, id, id);
  let longest = 1;
  for (const key of [...licenses.keys(), ...exceptions.keys()])
    longest = Math.max(longest, key.split(' ').length);
  return { licenses, exceptions, longest: Math.min(longest, 12) };
}

const FILLER = new Set(['the', 'version', 'v', 'ver', 'license', 'licensed', 'licenses', 'any']);
const PREFIXES = new Map([
  ['gplv', 'gpl'],
  ['lgplv', 'lgpl'],
  ['agplv', 'agpl'],
  ['mplv', 'mpl'],
  ['eplv', 'epl'],
  ['newer', 'later'],
]);

/**
 * A name as words compared: fillers ("the", "version", "license") out, `2.0` as `2`, `+` and
 * "or any later version" as "or later", `GPLv3` as `gpl 3`.
 */
export function nameKey(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) pushKeyWord(out, word);
  return out;
}

function pushKeyWord(out: string[], raw: string): void {
  const word = PREFIXES.get(raw) ?? raw;
  if (FILLER.has(word)) return;
  const previous = out[out.length - 1];
  if (word === '0' && previous !== undefined && /^\d+$/.test(previous)) return;
  if (word === '+') {
    out.push('or', 'later');
    return;
  }
  if (word === 'later' && previous !== 'or') out.push('or');
  out.push(word);
}

/**
 * The longest name in `names` that the words from `start` on spell (fillers allowed inside), as its
 * id and the index just past its last word; null when none does. `free(i)` bounds the search.
 */
export function matchName(
  words: readonly string[],
  start: number,
  names: Map<string, string>,
  longest: number,
  free: (i: number) => boolean,
): { id: string; end: number } | null {
  const key: string[] = [];
  let found: { id: string; end: number } | null = null;
  for (let i = start; i < words.length && i < start + longest * 2 + 2 && free(i); i++) {
    const before = key.length;
    pushKeyWord(key, words[i] ?? '');
    if (key.length === before) {
      if (i === start) return null;
      continue;
    }
    if (key.length > longest) break;
    const id = names.get(key.join(' '));
    if (id) found = { id, end: i + 1 };
  }
  if (found) {
    // past what adds nothing to the name: "Apache License 2.0 license" ends after the last word
    while (found.end < words.length && free(found.end)) {
      const word = words[found.end] ?? '';
      if (word !== '0' && !FILLER.has(word)) break;
      found.end++;
    }
  }
  return found;
}
