/**
 * Text as the matcher sees it, per the SPDX License List Matching Guidelines: words only (whitespace,
 * punctuation, quotes, dashes and separator lines do not count), lower case, comment markers and list
 * bullets at line starts ignored, copyright notices ignored, equivalent spellings made one. The same
 * function normalizes the SPDX texts and the input, so both sides always agree.
 */

export interface Tokens {
  words: string[];
  /** 1-based line of each word in the original text. */
  lines: Int32Array;
}

/** Stands for a variable part of a license text (`<year>`, `[name of copyright owner]`, an address). */
export const VAR_WORD = 'ospovarslot';

export interface TokenizeOptions {
  /** Replace template placeholders and the FSF postal address with VAR_WORD (the SPDX texts). */
  placeholders?: boolean;
  /** Collects the copyright lines left out. */
  copyrights?: string[];
}

export function tokenize(text: string, options: TokenizeOptions = {}): Tokens {
  let source = NON_ASCII.test(text) ? text.normalize('NFKD').replace(MARKS, '') : text;
  if (options.placeholders) source = source.replace(FSF_ADDRESS, keepNewlines(` ${VAR_WORD} `));
  if (MAYBE_COPYRIGHT.test(source)) {
    source = source.replace(INLINE_COPYRIGHT, (m) => {
      options.copyrights?.push(m.replace(/\s+/g, ' '));
      return keepNewlines(' ')(m);
    });
    source = source.replace(ALL_RIGHTS_RESERVED, ' ');
  }
  const words: string[] = [];
  const lineOf: number[] = [];
  const lines = source.split(NEWLINE);
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n] ?? '';
    if (line.length === 0) continue;
    if (MAYBE_COPYRIGHT.test(line) && (isCopyrightLine(line) || ALL_RIGHTS.test(line))) {
      const [statement, rest] = splitCopyrightLine(line);
      options.copyrights?.push(statement);
      if (rest.length === 0) continue;
      line = rest;
    }
    if (line.includes('©')) line = line.replace(/©/g, ' copyright ');
    line = stripLineMarkers(line);
    if (options.placeholders)
      line = line.replace(PLACEHOLDER, (m) => (isPlaceholder(m) ? ` ${VAR_WORD} ` : m));
    if (line.includes('](')) line = line.replace(MARKDOWN_LINK_TARGET, ']');
    const found = line.toLowerCase().match(WORD);
    if (found === null) continue;
    for (const raw of found) {
      const previous = words.length > 0 ? words[words.length - 1] : undefined;
      let word = EQUIVALENT.get(raw) ?? raw;
      if (previous === 'copyright') word = COPYRIGHT_OWNER.get(word) ?? word;
      const merged = previous === undefined ? undefined : mergePair(previous, word);
      if (merged !== undefined) {
        words[words.length - 1] = merged;
        continue;
      }
      words.push(word);
      lineOf.push(n + 1);
    }
  }
  return { words, lines: Int32Array.from(lineOf) };
}

/** A line that is a copyright notice, not prose that starts with the word "copyright". */
export function isCopyrightLine(line: string): boolean {
  const head = COPYRIGHT_HEAD.exec(line);
  if (!head) return false;
  const rest = line.slice(head[0].length);
  const marker = (head[1] ?? '').toLowerCase();
  if (marker === '©') return rest.trim().length > 0;
  if (marker === '(c)') return /^\s*(?:\d|copyright\b)/i.test(rest);
  if (marker.startsWith('spdx')) return true;
  if (COPYRIGHT_PROSE.test(rest)) return false;
  if (!/[\d<[]/.test(rest) && (rest.match(/\p{L}+/gu) ?? []).length > 6) return false;
  return /^[\s:,]*(?:\(c\)|©|\d|<|\[|\(|\p{Lu}|by\b)/u.test(rest);
}

/**
 * A copyright line that goes on with prose ("Copyright 2020 ACME. You may not copy ...") is a notice
 * and text: split after the notice's first sentence when at least eight words follow.
 */
export function splitCopyrightLine(line: string): [statement: string, rest: string] {
  const sentence = /[.;]\s+(?=[\p{Lu}"'(])/gu;
  for (let m = sentence.exec(line); m !== null; m = sentence.exec(line)) {
    const rest = line.slice(m.index + m[0].length);
    if (/^all rights reserved/i.test(rest)) continue;
    if ((rest.match(/\p{L}+/gu) ?? []).length >= 8) return [line.slice(0, m.index + 1), rest];
  }
  return [line, ''];
}

/** Drop what comes before the words of a line: comment markers, and a list bullet or number. */
export function stripLineMarkers(line: string): string {
  const comment = WORD_COMMENT.exec(line);
  const rest = comment ? line.slice(comment[0].length) : line;
  const bullet = BULLET.exec(rest);
  return bullet ? rest.slice(bullet[0].length) : rest;
}

/** `<...>` or `[...]` that stands for something to fill in, not a URL or an e-mail address in the text. */
function isPlaceholder(match: string): boolean {
  const inner = match.slice(1, -1);
  if (/https?:|www\.|@|\.(?:org|com|net|html?)\b|^#/i.test(inner)) return false;
  if (/^[\s_.$-]*$/.test(inner) || inner.trim().length <= 3) return true;
  return PLACEHOLDER_WORDS.test(inner);
}

function mergePair(previous: string, word: string): string | undefined {
  if (previous === 'per' && word === 'cent') return 'percent';
  if (previous === 'sub' && word.startsWith('licens')) return `sub${word}`;
  if (previous === 'non' && word === 'commercial') return 'noncommercial';
  return undefined;
}

function keepNewlines(replacement: string): (match: string) => string {
  return (match) => replacement + '\n'.repeat((match.match(/\n/g) ?? []).length);
}

const COPYRIGHT_OWNER = new Map([
  ['owner', 'holder'],
  ['owners', 'holders'],
]);
/**
 * A copyright notice with a year anywhere, up to its period, over line ends too: re-wrapping joins a
 * notice to the text around it, or splits it over two lines.
 */
const INLINE_COPYRIGHT =
  /(?:\bcopyright\s*(?:(?:\(c\)|©)\s*)?|\(c\)\s*|©\s*)(?:\d{4}|<[^<>\n]{1,40}>|\[[^[\]\n]{1,40}\])(?:\s*[,–-]\s*\d{2,4})*[^.\n]{0,80}(?:\n[^.\n]{0,60})?(?:\.|$)/gim;
const ALL_RIGHTS_RESERVED = /\ball rights reserved\b\.?/gi;
const MAYBE_COPYRIGHT = /copyright|\(c\)|©|rights reserved/i;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
const MARKS = /\p{M}/gu;
const NEWLINE = /\r\n|\r|\n/;
/** Letters and digits apart (`v2` is `v 2`); a `+` right after a number (`GPL-2.0+`) is kept. */
const WORD = /\p{L}+|\p{N}+|(?<=\p{N})\+/gu;
const MARKDOWN_LINK_TARGET = /\]\((?:[^()\s]|\([^()\s]*\))*\)/g;
const LINE_PREFIX = String.raw`[\s#*/;!%>|=+\-]*`;
const WORD_COMMENT = /^\s*(?:rem|dnl|@rem|::)(?=\s|$)/i;
const ROMAN = '(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})';
const BULLET = new RegExp(
  String.raw`^${LINE_PREFIX}(?:[•·◦‣⁃▪●]|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|${ROMAN})[.)]|\((?:\d{1,3}|[a-z]|${ROMAN})\))\s+`,
  'iu',
);
const COPYRIGHT_HEAD = new RegExp(
  String.raw`^${LINE_PREFIX}(\(c\)|©|copyright\b|spdx-filecopyrighttext:)`,
  'iu',
);
const COPYRIGHT_PROSE =
  /^\s+(?:notices?|holders?|owners?|laws?|and|or|licen[cs]es?|claims?|statements?|protection|interests?|rights|to|of|in|is|for|on|the|this|that|assignment|infringement|status|permissions?|policy|act|may|will|shall|holder's|treaty|treaties|office|directive|statutes?|registration|symbol)\b/i;
const ALL_RIGHTS = new RegExp(String.raw`^${LINE_PREFIX}all rights reserved\.?\s*$`, 'i');
const PLACEHOLDER = /<[^<>\n]{1,80}>|\[[^[\]\n]{1,80}\]/g;
const PLACEHOLDER_WORDS =
  /name|year|owner|holder|author|copyright|organi[sz]ation|software|program|product|insert|enter|yyyy|xxxx|date|licensor|institution|number|signature|jahr|inhaber|asset|email|state|jurisdiction|contributor|url|developer|group|holders|maintainer|company|project/i;
/** The FSF's postal address, which GNU texts carry in several versions over the years. */
const FSF_ADDRESS =
  /\b\d+\s+(?:franklin\s+st(?:reet)?|temple\s+place|mass(?:achusetts)?\s+ave(?:nue)?)[\s\S]{0,60}?\bma\s+0\d{4}(?:-\d{4})?(?:,?\s*usa)?/gi;

/**
 * The SPDX equivalent-words list (https://spdx.org/licenses/equivalentwords.txt), spelled as one
 * word each way; inflections of licence/license and http/https (guideline B.14) added.
 */
const EQUIVALENT = new Map<string, string>([
  ['acknowledgment', 'acknowledgement'],
  ['analogue', 'analog'],
  ['analyse', 'analyze'],
  ['artefact', 'artifact'],
  ['authorisation', 'authorization'],
  ['authorised', 'authorized'],
  ['calibre', 'caliber'],
  ['cancelled', 'canceled'],
  ['capitalisations', 'capitalizations'],
  ['catalogue', 'catalog'],
  ['categorise', 'categorize'],
  ['centre', 'center'],
  ['emphasised', 'emphasized'],
  ['favour', 'favor'],
  ['favourite', 'favorite'],
  ['fulfil', 'fulfill'],
  ['fulfilment', 'fulfillment'],
  ['initialise', 'initialize'],
  ['judgment', 'judgement'],
  ['labelling', 'labeling'],
  ['labour', 'labor'],
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['licenced', 'licensed'],
  ['licencing', 'licensing'],
  ['licencee', 'licensee'],
  ['licencees', 'licensees'],
  ['licencor', 'licensor'],
  ['maximise', 'maximize'],
  ['modelled', 'modeled'],
  ['modelling', 'modeling'],
  ['offence', 'offense'],
  ['optimise', 'optimize'],
  ['organisation', 'organization'],
  ['organise', 'organize'],
  ['practise', 'practice'],
  ['programme', 'program'],
  ['realise', 'realize'],
  ['recognise', 'recognize'],
  ['signalling', 'signaling'],
  ['utilisation', 'utilization'],
  ['whilst', 'while'],
  ['wilful', 'wilfull'],
  ['https', 'http'],
]);
