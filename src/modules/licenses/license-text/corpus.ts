import { createRequire } from 'node:module';
import { isCopyrightLine, type Tokens, tokenize, VAR_WORD } from './normalize.js';
import { buildPostings, type Postings } from './postings.js';
import { BULLET_WORDS, VARIABLE_WORDS } from './score.js';

/** One SPDX license or exception text, normalized and fingerprinted for matching. */
export interface ReferenceText {
  /** SPDX license id, or exception id for kind `exception`. */
  id: string;
  kind: 'license' | 'exception';
  /** What a match means: the id, or a whole expression for texts that are a license plus exception. */
  expression: string;
  name: string;
  /** Word ids; VAR_ID stands for variable text. */
  tokens: Int32Array;
  /** 1 where the word is optional: the title, and what follows "END OF TERMS AND CONDITIONS". */
  optional: Uint8Array;
  /** Words that must be there: neither optional nor variable. */
  required: number;
  /** Input words the optional and variable parts may take without counting against a match. */
  slack: number;
  /** Sorted distinct bigram keys of the required words. */
  bigrams: Int32Array;
  /** How many of them are in the postings (the rest are too common to tell texts apart). */
  distinctive: number;
  /** Other ids whose text normalizes to the same words (GPL-2.0-only and GPL-2.0-or-later). */
  twins: string[];
  /** False for a twin that stands behind another (the `-or-later` one): not a candidate of its own. */
  canonical: boolean;
}

export interface LicenseIndex {
  vocabulary: Map<string, number>;
  texts: ReferenceText[];
  /** Bigram key to the indices (into `texts`) of the texts that contain it. */
  postings: Postings;
  /** The SPDX texts' own copyright lines (the FSF's, ISC's), normalized: not a project's copyright. */
  ownCopyrights: Set<string>;
  /** Every SPDX license id in list case, current and deprecated, by its lower-case form. */
  licenseIds: Map<string, string>;
  exceptionIds: Map<string, string>;
  deprecatedIds: Set<string>;
  /** Full SPDX names, by id. */
  names: Map<string, string>;
  /** Vocabulary ids of the words variable parts are made of, and of list markers (see score.ts). */
  variableIds: Set<number>;
  bulletIds: Set<number>;
}

export const VAR_ID = -2;
export const UNKNOWN_ID = -1;
/** Bigram of two word ids as one small integer (a V8 Smi, cheap as a Map key); collisions only blur the prefilter. */
export const bigramKey = (a: number, b: number): number => ((a & 0x3fff) << 14) | (b & 0x3fff);

let cached: LicenseIndex | undefined;

/** The index over the SPDX license list, built once per process on first use (about 0.2 s). */
export function licenseIndex(): LicenseIndex {
  cached ??= buildIndex();
  return cached;
}

/** Deprecated ids whose text is a GPL exception (or a notice plus exception): what they stand for now. */
const EXCEPTION_TEXTS: Record<string, { exception?: string; expression?: string }> = {
  'GPL-2.0-with-classpath-exception': { exception: 'Classpath-exception-2.0' },
  'GPL-2.0-with-bison-exception': { exception: 'Bison-exception-2.2' },
  'GPL-2.0-with-GCC-exception': { exception: 'GCC-exception-2.0' },
  'GPL-2.0-with-font-exception': { exception: 'Font-exception-2.0' },
  'GPL-2.0-with-autoconf-exception': { exception: 'Autoconf-exception-2.0' },
  'GPL-3.0-with-autoconf-exception': { exception: 'Autoconf-exception-3.0' },
  'GPL-3.0-with-GCC-exception': { exception: 'GCC-exception-3.1' },
  wxWindows: { exception: 'WxWindows-exception-3.1' },
  'eCos-2.0': { expression: 'GPL-2.0-or-later WITH eCos-exception-2.0' },
};

interface SpdxEntry {
  name: string;
  licenseText: string;
}

function buildIndex(): LicenseIndex {
  const require = createRequire(import.meta.url);
  const list = require('spdx-license-list/full') as Record<string, SpdxEntry>;
  const current = require('spdx-license-ids') as string[];
  const deprecated = require('spdx-license-ids/deprecated.json') as string[];
  const exceptions = require('spdx-exceptions') as string[];
  const licenseIds = new Map<string, string>();
  for (const id of [...current, ...deprecated, ...Object.keys(list)]) licenseIds.set(id.toLowerCase(), id);
  const exceptionIds = new Map(exceptions.map((id) => [id.toLowerCase(), id]));
  const deprecatedIds = new Set([...deprecated, ...Object.keys(list).filter((id) => !current.includes(id))]);

  const vocabulary = new Map<string, number>([[VAR_WORD, VAR_ID]]);
  const texts: ReferenceText[] = [];
  const ownCopyrights = new Set<string>();
  const names = new Map<string, string>();
  for (const id of Object.keys(list).sort()) {
    const entry = list[id];
    if (!entry) continue;
    names.set(id, entry.name);
    const special = EXCEPTION_TEXTS[id];
    if (deprecatedIds.has(id) && !special) continue;
    if (special?.exception && !exceptionIds.has(special.exception.toLowerCase())) continue;
    const body = entry.licenseText.replace(/^.*\binsert\b.*\btext here\b.*$/gim, '');
    const copyrights: string[] = [];
    const text = reference(special?.exception ?? id, body, vocabulary, copyrights);
    for (const line of copyrights) ownCopyrights.add(copyrightKey(line));
    text.kind = special?.exception ? 'exception' : 'license';
    text.expression = special?.expression ?? text.id;
    text.name = entry.name;
    texts.push(text);
  }
  markTwins(texts);
  const postings = buildPostings(texts);
  return withVocabularySets({
    vocabulary,
    texts,
    postings,
    ownCopyrights,
    licenseIds,
    exceptionIds,
    deprecatedIds,
    names,
  });
}

/** The word-id sets derived from the vocabulary. */
export function withVocabularySets(index: Omit<LicenseIndex, 'variableIds' | 'bulletIds'>): LicenseIndex {
  const ids = (words: Set<string>) => new Set([...words].map((w) => index.vocabulary.get(w) ?? -9));
  return { ...index, variableIds: ids(VARIABLE_WORDS), bulletIds: ids(BULLET_WORDS) };
}

/** Use an index restored from a saved copy (see index-io.ts) instead of building one. */
export function setLicenseIndex(index: LicenseIndex): void {
  cached = index;
}

/** Copyright lines compared by their words only. */
export function copyrightKey(line: string): string {
  return line
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function reference(
  id: string,
  body: string,
  vocabulary: Map<string, number>,
  copyrights: string[],
): ReferenceText {
  const tokens = tokenize(body, { placeholders: true, copyrights });
  const ids = new Int32Array(tokens.words.length);
  for (let i = 0; i < ids.length; i++) {
    const word = tokens.words[i] ?? '';
    let wordId = vocabulary.get(word);
    if (wordId === undefined) {
      wordId = vocabulary.size;
      vocabulary.set(word, wordId);
    }
    ids[i] = wordId;
  }
  const optional = optionalWords(body, tokens);
  let required = 0;
  const keys = new Int32Array(ids.length);
  let count = 0;
  let previous = -1;
  for (let i = 0; i < ids.length; i++) {
    const wordId = ids[i] ?? VAR_ID;
    const counts = optional[i] === 0 && wordId !== VAR_ID;
    if (counts) required++;
    if (counts && previous >= 0) keys[count++] = bigramKey(previous, wordId);
    previous = counts ? wordId : -1;
  }
  const bigrams = uniqueSorted(keys.subarray(0, count));
  return {
    id,
    kind: 'license',
    expression: id,
    name: id,
    tokens: ids,
    optional,
    required,
    slack: ids.length - required + 11 * ids.filter((w) => w === VAR_ID).length,
    bigrams,
    distinctive: bigrams.length,
    twins: [],
    canonical: true,
  };
}

/**
 * The title (a first paragraph of at most 15 words that does not end a sentence) and everything from
 * "END OF TERMS AND CONDITIONS", an appendix or an exhibit on are optional (matching guidelines B.12, B.13).
 */
function optionalWords(body: string, tokens: Tokens): Uint8Array {
  const optional = new Uint8Array(tokens.words.length);
  const lines = body.split(/\r\n|\r|\n/);
  let first = 0;
  while (first < lines.length && (lines[first]?.trim() === '' || isCopyrightLine(lines[first] ?? '')))
    first++;
  let last = first;
  while (last < lines.length && lines[last]?.trim() !== '') last++;
  const title = lines.slice(first, last).join(' ').trim();
  const titleWords = countWordsOnLines(tokens, first + 1, last);
  const titleIsOptional = titleWords > 0 && titleWords <= 15 && !/[.;]$/.test(title) && last < lines.length;
  let tail = Number.POSITIVE_INFINITY;
  for (let n = 0; n < lines.length; n++) {
    if (TAIL_START.test(lines[n] ?? '')) {
      tail = n + 1;
      break;
    }
  }
  for (let i = 0; i < optional.length; i++) {
    const line = tokens.lines[i] ?? 0;
    if ((titleIsOptional && line >= first + 1 && line <= last) || line >= tail) optional[i] = 1;
  }
  return optional;
}

const TAIL_START =
  /^[\s#*/-]*(?:end of terms and conditions|appendix\b.*\bhow to apply|how to apply these terms|exhibit a\b)/i;

function countWordsOnLines(tokens: Tokens, from: number, to: number): number {
  let n = 0;
  for (const line of tokens.lines) if (line >= from && line <= to) n++;
  return n;
}

/**
 * Texts with the same required words know of each other; one of them (an `-only` id, else the
 * shortest) is the candidate, the others are told apart by notices (`or later`) or not at all.
 */
function markTwins(texts: ReferenceText[]): void {
  const byWords = new Map<string, ReferenceText[]>();
  for (const text of texts) {
    const key = `${text.kind}:${text.required}:${requiredHash(text)}`;
    const group = byWords.get(key);
    if (group) group.push(text);
    else byWords.set(key, [text]);
  }
  for (const group of byWords.values()) {
    if (group.length < 2) continue;
    const rank = (t: ReferenceText) => (t.id.endsWith('-only') ? 0 : 1000) + t.id.length;
    const first = [...group].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1))[0];
    for (const text of group) {
      text.twins = group.filter((t) => t !== text).map((t) => t.id);
      text.canonical = text === first;
    }
  }
}

/** FNV-1a over the required word ids. */
function requiredHash(text: ReferenceText): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.tokens.length; i++) {
    if (text.optional[i] !== 0 || text.tokens[i] === VAR_ID) continue;
    hash = Math.imul(hash ^ (text.tokens[i] ?? 0), 16777619);
  }
  return hash >>> 0;
}

function uniqueSorted(values: Int32Array): Int32Array {
  const sorted = values.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] ?? 0;
  }
  return sorted.slice(0, n);
}
