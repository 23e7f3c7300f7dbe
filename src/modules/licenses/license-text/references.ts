import type { LicenseIndex } from './corpus.js';
import { matchName, type NameIndex } from './names.js';
import type { Tokens } from './normalize.js';

/** A statement naming licenses: "Licensed under either of Apache-2.0 or MIT", a GNU notice. */
export interface Reference {
  expression: string;
  ids: string[];
  kind: 'notice' | 'reference';
  /** Word range [start, end). */
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  confidence: number;
}

export interface ReferenceOptions {
  /** README license sections: a bare name at the start of a line counts ("MIT © Jane Doe"). */
  bareNames: boolean;
}

const SKIP_BEFORE_NAME = new Set(['the', 'terms', 'of', 'a', 'an', 'either', 'both', 'its', 'this', 'same']);
const CONNECTORS = new Set([
  'or',
  'and',
  'either',
  'both',
  'dual',
  'the',
  'terms',
  'of',
  'a',
  'an',
  'at',
  'your',
  'option',
  'choice',
  'licenses',
  'license',
  'licensed',
  'under',
  'also',
  'alternatively',
]);
const CHOICE_WORDS = new Set(['or', 'either', 'dual', 'option', 'choice', 'alternatively']);
/** Before "under", these make the names after it a choice ("dual-licensed under A and B"); "and/or modify" does not. */
const DUAL_WORDS = new Set(['dual', 'either', 'choice', 'alternatively']);
const LICENSE_WORDS = new Set(['license', 'licensed', 'licenses', 'licensing']);

/** Find license statements among the free words (those no full text claimed). */
export function findReferences(
  tokens: Tokens,
  free: Uint8Array,
  index: LicenseIndex,
  names: NameIndex,
  options: ReferenceOptions,
): Reference[] {
  const words = tokens.words;
  const isFree = (i: number) => free[i] === 1;
  const lineStart = (i: number) => i === 0 || tokens.lines[i] !== tokens.lines[i - 1];
  const found: Reference[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!isFree(i)) continue;
    const word = words[i] ?? '';
    let at = -1;
    if (word === 'under' || (LICENSE_WORDS.has(word) && lineStart(i))) at = i + 1;
    else if (options.bareNames && lineStart(i)) at = i;
    else if (word === 'is' || word === 'are') at = i + 1;
    if (at < 0) continue;
    let choiceBefore = [1, 2, 3].some((k) => DUAL_WORDS.has(words[i - k] ?? ''));
    while (at < words.length && isFree(at) && SKIP_BEFORE_NAME.has(words[at] ?? '')) {
      if (CHOICE_WORDS.has(words[at] ?? '') || words[at] === 'both') choiceBefore = true;
      at++;
    }
    const statement = readStatement(
      words,
      at,
      index,
      names,
      isFree,
      choiceBefore || options.bareNames,
      choiceBefore,
    );
    if (!statement) continue;
    const next = words[statement.end];
    const needsLicenseWord = word === 'is' || word === 'are' || (at === i && options.bareNames);
    const bareOk =
      !needsLicenseWord ||
      LICENSE_WORDS.has(next ?? '') ||
      (at === i &&
        (statement.end >= words.length || lineStart(statement.end) || next === 'c' || next === 'copyright'));
    if (!bareOk) continue;
    found.push({
      ...statement,
      start: i,
      startLine: tokens.lines[i] ?? 1,
      endLine: tokens.lines[statement.end - 1] ?? 1,
    });
    i = statement.end - 1;
  }
  return found;
}

interface Statement {
  expression: string;
  ids: string[];
  kind: 'notice' | 'reference';
  end: number;
  confidence: number;
}

/** One or more names joined by "or"/"and", each maybe "with" an exception. */
function readStatement(
  words: readonly string[],
  start: number,
  index: LicenseIndex,
  names: NameIndex,
  isFree: (i: number) => boolean,
  list: boolean,
  choiceBefore: boolean,
): Statement | null {
  const first = readName(words, start, index, names, isFree);
  if (!first) return null;
  const terms = [first.expression];
  let end = first.end;
  let kind = first.kind;
  let choice = choiceBefore || words[start - 1] === 'either' || words[start - 2] === 'either';
  for (;;) {
    const next = nextName(words, end, index, names, isFree, list);
    if (!next) break;
    if (next.choice) choice = true;
    if (!terms.includes(next.expression)) terms.push(next.expression);
    if (next.kind === 'notice') kind = 'notice';
    end = next.end;
  }
  for (let j = end; j < Math.min(words.length, end + 8) && isFree(j); j++) {
    if (words[j] === 'option' || words[j] === 'choice' || words[j] === 'either') choice = true;
  }
  const ids = terms.flatMap((t) => t.split(' WITH ')[0] ?? []);
  const expression =
    terms.length === 1
      ? (terms[0] ?? '')
      : terms.map((t) => (t.includes(' ') ? `(${t})` : t)).join(choice ? ' OR ' : ' AND ');
  return { expression, ids, kind, end, confidence: kind === 'notice' ? 0.95 : 0.85 };
}

/**
 * The next name of a list: after connectors ("or", "and the"), or, in a list ("either of" or a README
 * section), after up to 25 words of links and file names between the items.
 */
function nextName(
  words: readonly string[],
  from: number,
  index: LicenseIndex,
  names: NameIndex,
  isFree: (i: number) => boolean,
  list: boolean,
): { expression: string; end: number; kind: 'notice' | 'reference'; choice: boolean } | null {
  let choice = false;
  const limit = Math.min(words.length, from + (list ? 25 : 6));
  for (let j = from; j < limit && isFree(j); j++) {
    const word = words[j] ?? '';
    if (CHOICE_WORDS.has(word)) choice = true;
    if (CONNECTORS.has(word) && !list) continue;
    if (!CONNECTORS.has(word) || word === 'the') {
      const name = readName(words, j, index, names, isFree);
      if (name) return { ...name, choice };
      if (!list) return null;
    }
  }
  return null;
}

function readName(
  words: readonly string[],
  start: number,
  index: LicenseIndex,
  names: NameIndex,
  isFree: (i: number) => boolean,
): { expression: string; end: number; kind: 'notice' | 'reference' } | null {
  const gnu = readGnu(words, start, index, isFree);
  const named = gnu ?? matchName(words, start, names.licenses, names.longest, isFree);
  if (!named) return null;
  let expression = named.id;
  let end = named.end;
  if (words[end] === 'with' && isFree(end)) {
    let at = end + 1;
    if (words[at] === 'the') at++;
    const exception = matchName(words, at, names.exceptions, names.longest, isFree);
    if (exception) {
      expression = `${named.id} WITH ${exception.id}`;
      end = exception.end;
      if (words[end] === 'exception') end++;
    }
  }
  return { expression, end, kind: gnu?.notice ? 'notice' : 'reference' };
}

const GNU_FAMILIES: [words: string[], family: string, library?: boolean][] = [
  [['gnu', 'affero', 'general', 'public', 'license'], 'AGPL'],
  [['gnu', 'lesser', 'general', 'public', 'license'], 'LGPL'],
  [['gnu', 'library', 'general', 'public', 'license'], 'LGPL', true],
  [['gnu', 'general', 'public', 'license'], 'GPL'],
  [['gnu', 'lgpl'], 'LGPL'],
  [['gnu', 'agpl'], 'AGPL'],
  [['gnu', 'gpl'], 'GPL'],
  [['lgpl'], 'LGPL'],
  [['agpl'], 'AGPL'],
  [['gpl'], 'GPL'],
  [['lgplv'], 'LGPL'],
  [['agplv'], 'AGPL'],
  [['gplv'], 'GPL'],
];

/**
 * A GNU license named with its version somewhere after it, as the FSF's notices have it: "under the
 * terms of the GNU General Public License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version". No version, no match.
 */
function readGnu(
  words: readonly string[],
  start: number,
  index: LicenseIndex,
  isFree: (i: number) => boolean,
): { id: string; end: number; notice: boolean } | null {
  const family = GNU_FAMILIES.find(([phrase]) => phrase.every((w, k) => words[start + k] === w));
  if (!family) return null;
  const [phrase, name, library] = family;
  let i = start + phrase.length;
  let version: string | null = null;
  let later = false;
  let notice = false;
  const limit = Math.min(words.length, i + 30);
  for (; i < limit && isFree(i); i++) {
    const word = words[i] ?? '';
    if (version === null && /^\d$/.test(word)) {
      const minor = words[i + 1];
      version = minor !== undefined && /^\d$/.test(minor) ? `${word}.${minor}` : `${word}.0`;
      if (minor !== undefined && /^\d$/.test(minor)) i++;
      continue;
    }
    if (word === 'published' && words[i + 3] === 'free' && words[i + 4] === 'software') notice = true;
    if (version === null && !NOTICE_WORDS.has(word)) break;
    if (version !== null && (word === 'later' || word === '+' || word === 'newer')) {
      later = true;
      i++;
      break;
    }
    if (version !== null && (word === 'only' || !NOTICE_WORDS.has(word))) {
      if (word === 'only') i++;
      break;
    }
  }
  if (version === null) return null;
  const id = `${name}-${library && version === '2.0' ? '2.0' : version}-${later ? 'or-later' : 'only'}`;
  if (!index.licenseIds.has(id.toLowerCase())) return null;
  return { id, end: i, notice };
}

/** Words that may stand between the version and "or later" in a GNU notice. */
const NOTICE_WORDS = new Set([
  'of',
  'the',
  'license',
  'or',
  'at',
  'your',
  'option',
  'any',
  'version',
  'v',
  'as',
  'published',
  'by',
  'free',
  'software',
  'foundation',
  'either',
  'and',
]);
