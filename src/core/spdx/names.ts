import { createRequire } from 'node:module';
import { canonicalExceptionId, canonicalLicenseId, isDeprecatedId, spdxExceptionIds } from './ids.js';

/**
 * What the lenient corrector knows besides ids: the license list's full names ("Eclipse Public License
 * 2.0"), names people write that the list does not have ("UNLICENSED", "Public Domain", "MIT/X11"),
 * license URLs, and loose spellings of exception names. Each lookup returns SPDX text or undefined.
 */

/** Built-in references for what declared-license fields say that the SPDX list has no id for. */
export const UNKNOWN_LICENSE = 'LicenseRef-ospo-unknown';
export const PROPRIETARY_LICENSE = 'LicenseRef-ospo-proprietary';
export const PUBLIC_DOMAIN_LICENSE = 'LicenseRef-ospo-public-domain';

export type NameMatch = { expression: string; guess: boolean };

/**
 * Names that are not on the SPDX list, or that other correctors get wrong. `guess: true` marks a
 * choice the text does not determine (an unversioned "GPL", a bare "BSD").
 */
const aliasTable: Readonly<Record<string, NameMatch>> = {
  // npm documents UNLICENSED as "not licensed for use by others"; it is not The Unlicense
  unlicensed: { expression: PROPRIETARY_LICENSE, guess: false },
  proprietary: { expression: PROPRIETARY_LICENSE, guess: false },
  commercial: { expression: PROPRIETARY_LICENSE, guess: false },
  'all rights reserved': { expression: PROPRIETARY_LICENSE, guess: false },
  'closed source': { expression: PROPRIETARY_LICENSE, guess: false },
  'other/proprietary': { expression: PROPRIETARY_LICENSE, guess: false },
  none: { expression: PROPRIETARY_LICENSE, guess: false },
  'public domain': { expression: PUBLIC_DOMAIN_LICENSE, guess: false },
  'public domain dedication': { expression: PUBLIC_DOMAIN_LICENSE, guess: false },
  pd: { expression: PUBLIC_DOMAIN_LICENSE, guess: false },
  noassertion: { expression: UNKNOWN_LICENSE, guess: false },
  unknown: { expression: UNKNOWN_LICENSE, guess: false },
  other: { expression: UNKNOWN_LICENSE, guess: false },
  custom: { expression: UNKNOWN_LICENSE, guess: false },
  'see license': { expression: UNKNOWN_LICENSE, guess: false },
  'osi approved': { expression: UNKNOWN_LICENSE, guess: false },
  'dfsg approved': { expression: UNKNOWN_LICENSE, guess: false },
  'mit/x11': { expression: 'MIT', guess: false },
  'x11/mit': { expression: 'MIT', guess: false },
  'mit x11': { expression: 'MIT', guess: false },
  'mit/expat': { expression: 'MIT', guess: false },
  expat: { expression: 'MIT', guess: false },
  'zlib/libpng': { expression: 'Zlib', guess: false },
  'gnu/gpl': { expression: 'GPL-1.0-or-later', guess: true },
  perl: { expression: 'Artistic-1.0-Perl OR GPL-1.0-or-later', guess: false },
  perl5: { expression: 'Artistic-1.0-Perl OR GPL-1.0-or-later', guess: false },
  'perl 5': { expression: 'Artistic-1.0-Perl OR GPL-1.0-or-later', guess: false },
  'same terms as perl itself': { expression: 'Artistic-1.0-Perl OR GPL-1.0-or-later', guess: false },
  'perl artistic': { expression: 'Artistic-1.0-Perl', guess: false },
  // an unversioned GPL lets the recipient pick any version ever published (GPL-2.0 section 9)
  gpl: { expression: 'GPL-1.0-or-later', guess: true },
  'gnu gpl': { expression: 'GPL-1.0-or-later', guess: true },
  lgpl: { expression: 'LGPL-2.0-or-later', guess: true },
  'gnu lgpl': { expression: 'LGPL-2.0-or-later', guess: true },
  agpl: { expression: 'AGPL-3.0-or-later', guess: true },
  bsd: { expression: 'BSD-3-Clause', guess: true },
  apache: { expression: 'Apache-2.0', guess: true },
  asl: { expression: 'Apache-2.0', guess: true },
  'asl 2': { expression: 'Apache-2.0', guess: false },
  mpl: { expression: 'MPL-2.0', guess: true },
  epl: { expression: 'EPL-2.0', guess: true },
  eupl: { expression: 'EUPL-1.2', guess: true },
  cddl: { expression: 'CDDL-1.0', guess: true },
  ofl: { expression: 'OFL-1.1', guess: true },
  'sil ofl': { expression: 'OFL-1.1', guess: true },
  'sil ofl 1.1': { expression: 'OFL-1.1', guess: false },
  'open font': { expression: 'OFL-1.1', guess: true },
  zpl: { expression: 'ZPL-2.1', guess: true },
  python: { expression: 'PSF-2.0', guess: true },
  psf: { expression: 'PSF-2.0', guess: true },
  'python software foundation': { expression: 'PSF-2.0', guess: false },
  isc: { expression: 'ISC', guess: false },
  ruby: { expression: 'Ruby', guess: false },
  boost: { expression: 'BSL-1.0', guess: false },
  blueoak: { expression: 'BlueOak-1.0.0', guess: false },
  cc0: { expression: 'CC0-1.0', guess: false },
  'creative commons zero': { expression: 'CC0-1.0', guess: false },
};

const aliases = new Map(Object.entries(aliasTable).map(([name, match]) => [normalizeName(name), match]));

/** A name, an alias or a URL as SPDX text; undefined when none of them matches. */
export function licenseFromName(text: string): NameMatch | undefined {
  // npm: "SEE LICENSE IN <file>" points at a file only text detection can read
  if (/^see licen[cs]e in\b/i.test(text.trim())) return { expression: UNKNOWN_LICENSE, guess: false };
  const key = normalizeName(text);
  return aliases.get(key) ?? licenseFromUrl(text) ?? fromListName(key);
}

/** An exception id from a loose spelling: "classpath exception" -> Classpath-exception-2.0. */
export function exceptionFromName(text: string): NameMatch | undefined {
  const exact = canonicalExceptionId(text.trim());
  if (exact) return { expression: exact, guess: false };
  const key = compact(text);
  const byKey = exceptionKeys.get(key);
  if (byKey) return { expression: byKey, guess: false };
  const unversioned = exceptionsWithoutVersion.get(key);
  return unversioned ? { expression: unversioned, guess: true } : undefined;
}

/**
 * Lower case, "licence" spelled "license", and the words and marks that vary between spellings of one
 * name dropped: "The Apache License, Version 2.0" and "Apache License 2" both become "apache 2".
 */
export function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/^(?:licen[cs]ed|released|distributed|available)\s+under\s+/, '')
    .replace(/licence/g, 'license')
    .replace(/\b(?:the|license|version|ver\.?)\b/g, ' ')
    .replace(/\bv\.?\s*(?=\d)/g, ' ')
    .replace(/[,()"'“”‘’:;!]|(?:\s-\s)/g, ' ')
    .replace(/\d+(?:\.\d+)*/g, (version) => version.replace(/(?:\.0)+$/, ''))
    .replace(/[\s_]+/g, ' ')
    .replace(/\.$/, '')
    .trim();
}

const require = createRequire(import.meta.url);
const listNames = indexListNames();

function indexListNames(): Map<string, string | null> {
  const list: unknown = require('spdx-license-list/spdx.json');
  const index = new Map<string, string | null>();
  if (typeof list !== 'object' || list === null) return index;
  const add = (name: string, id: string) => {
    const key = normalizeName(name).replace(/-/g, ' ');
    // a name two ids share decides nothing
    if (index.has(key) && index.get(key) !== id) index.set(key, null);
    else index.set(key, id);
  };
  // current ids first; a deprecated id only gets a name no current id has
  const entries = Object.entries(list).sort(
    ([a], [b]) => Number(isDeprecatedId(a)) - Number(isDeprecatedId(b)),
  );
  for (const [id, entry] of entries) {
    const name = (entry as { name?: unknown }).name;
    const canonical = canonicalLicenseId(id);
    if (typeof name !== 'string' || canonical === undefined || id.endsWith('+')) continue;
    const names = / only$/i.test(name) ? [name, name.replace(/ only$/i, '')] : [name];
    for (const each of names) {
      if (isDeprecatedId(canonical) && index.has(normalizeName(each).replace(/-/g, ' '))) continue;
      add(each, canonical);
    }
  }
  return index;
}

function fromListName(key: string): NameMatch | undefined {
  const id = listNames.get(key.replace(/-/g, ' '));
  return id ? { expression: id, guess: false } : undefined;
}

const urlPatterns: ReadonlyArray<[RegExp, (match: RegExpMatchArray) => string | undefined]> = [
  [
    /spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.html|\.json|\.txt)?$/i,
    (m) => canonicalLicenseId(m[1] ?? ''),
  ],
  [/choosealicense\.com\/licenses\/([A-Za-z0-9.-]+?)\/?$/i, (m) => canonicalLicenseId(m[1] ?? '')],
  [/opensource\.org\/licenses?\/([A-Za-z0-9.+-]+?)(?:\.php|\.html)?\/?$/i, (m) => osiSlug(m[1] ?? '')],
  [/apache\.org\/licenses\/LICENSE-2\.0/i, () => 'Apache-2.0'],
  [/mozilla\.org\/(?:en-US\/)?MPL\/2\.0/i, () => 'MPL-2.0'],
  [/eclipse\.org\/legal\/epl-(?:v)?([12])/i, (m) => `EPL-${m[1]}.0`],
  [/gnu\.org\/licenses\/(l?gpl|agpl)(?:-([123]\.[01]))?/i, (m) => gnuUrl(m[1] ?? '', m[2])],
  [/creativecommons\.org\/publicdomain\/zero\/1\.0/i, () => 'CC0-1.0'],
  [
    /creativecommons\.org\/licenses\/(by(?:-[a-z]{2})*)\/(\d\.\d)/i,
    (m) => canonicalLicenseId(`CC-${m[1]}-${m[2]}`),
  ],
];

function licenseFromUrl(text: string): NameMatch | undefined {
  const url = text.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) return undefined;
  for (const [pattern, read] of urlPatterns) {
    const match = url.match(pattern);
    const id = match ? read(match) : undefined;
    if (id) return { expression: id, guess: false };
  }
  // a license URL we cannot read is still a statement that some license applies
  return { expression: UNKNOWN_LICENSE, guess: false };
}

function osiSlug(slug: string): string | undefined {
  const slugs: Record<string, string> = {
    'mit-license': 'MIT',
    'bsd-license': 'BSD-3-Clause',
    'apache2.0': 'Apache-2.0',
    'gpl-license': 'GPL-2.0-only',
    'lgpl-license': 'LGPL-2.1-only',
  };
  return slugs[slug.toLowerCase()] ?? canonicalLicenseId(slug);
}

function gnuUrl(family: string, version: string | undefined): string | undefined {
  const upper = family.toUpperCase();
  const fallback = upper === 'AGPL' ? '3.0' : upper === 'LGPL' ? '2.1' : '3.0';
  return canonicalLicenseId(`${upper}-${version ?? fallback}-only`);
}

function compact(text: string): string {
  return text.toLowerCase().replace(/exceptions?|[^a-z0-9]/g, '');
}

const exceptionKeys = new Map(spdxExceptionIds.map((id) => [compact(id), id] as const));
const exceptionsWithoutVersion = uniqueBy(spdxExceptionIds, (id) => compact(id.replace(/-[\d.]+$/, '')));

function uniqueBy(ids: readonly string[], key: (id: string) => string): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const id of ids) {
    const k = key(id);
    seen.set(k, seen.has(k) && seen.get(k) !== id ? null : id);
  }
  return new Map([...seen].filter((entry): entry is [string, string] => entry[1] !== null));
}
