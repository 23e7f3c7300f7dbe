import { type ReferenceText, VAR_ID } from './corpus.js';

export interface Scored {
  score: number;
  coverage: number;
  exact: boolean;
  /** Window-relative input index of the first and last matched word; -1 when nothing matched. */
  first: number;
  last: number;
}

/** Words a template's variable parts are made of: names of holders, authors, organizations. */
export const VARIABLE_WORDS = new Set([
  'the',
  'a',
  'an',
  'copyright',
  'holder',
  'holders',
  'author',
  'authors',
  'contributor',
  'contributors',
  'or',
  'and',
  'of',
  'its',
  'his',
  'her',
  'their',
  'regents',
  'university',
  'california',
  'berkeley',
  'organization',
  'institution',
  'name',
  'names',
  'isc',
  'project',
  'developer',
  'developers',
  'foundation',
  'company',
  'corporation',
  'inc',
  'ltd',
  'llc',
  'by',
  'software',
  'product',
  'program',
  'library',
  'licensor',
  'owner',
]);

/**
 * Single letters, roman numerals and small numbers: list markers, which re-wrapping moves from line
 * starts (where normalization drops them) into lines (where it cannot tell them from words).
 */
export const BULLET_WORDS = new Set([
  ...'abcdefghijklmnopqrstuvwxyz'.split(''),
  ...['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'xi', 'xii', 'xiii', 'xiv', 'xv'],
  ...Array.from({ length: 40 }, (_, i) => String(i)),
]);

/**
 * Score an alignment the way the matching guidelines read: missing required words and extra words
 * inside the match count against it; optional parts (title, appendix) and variable parts (a `<year>`,
 * a holder's name in place of "the copyright holder") do not. A few small replacements of such
 * variable-looking words are forgiven at a fifth of their size; anything else is "structural", and
 * more than a handful of structural words makes the text a modified license, never the standard one.
 */
export function scoreAlignment(
  text: ReferenceText,
  matchOfA: Int32Array,
  window: Int32Array,
  variableIds: Set<number>,
  bulletIds: Set<number>,
): Scored {
  const a = text.tokens;
  let firstRequired = -1;
  let lastRequired = -1;
  for (let i = 0; i < a.length; i++) {
    if (matchOfA[i]! < 0 || text.optional[i] === 1) continue;
    if (firstRequired < 0) firstRequired = i;
    lastRequired = i;
  }
  let penalty = 0;
  let structural = 0;
  // short texts get fewer: four forgiven replacements would let a 30-word license match another
  let budget = Math.min(4, 1 + Math.floor(text.required / 50)) + Math.floor(text.required / 500);
  let matchedRequired = 0;
  let first = -1;
  let last = -1;
  let previousI = -1;
  let previousJ = -1;

  /** Words inserted before the first or after the last required word are outside the match. */
  const hunk = (fromI: number, toI: number, insertedInside: number) => {
    const inserted = toI <= firstRequired || fromI > lastRequired ? 0 : insertedInside;
    let deletedRequired = 0;
    let vars = 0;
    let bullets = 0;
    let nearOptional = (previousI >= 0 && text.optional[previousI] === 1) || text.optional[toI] === 1;
    let variableLooking = true;
    for (let k = fromI; k < toI; k++) {
      const word = a[k]!;
      if (word === VAR_ID) vars++;
      else if (text.optional[k] === 1) nearOptional = true;
      else if (bulletIds.has(word) && bullets < 3) bullets++;
      else {
        deletedRequired++;
        if (!variableIds.has(word)) variableLooking = false;
      }
    }
    let insertedBullets = 0;
    if (inserted > 0 && inserted <= 6) {
      for (let j = previousJ + 1; j < previousJ + 1 + insertedInside; j++)
        if (bulletIds.has(window[j]!)) insertedBullets++;
    }
    let extra = inserted - Math.min(3, insertedBullets) - 12 * vars - (nearOptional ? 10 : 0);
    if (extra < 0) extra = 0;
    if (deletedRequired === 0 && extra === 0) return;
    if (deletedRequired === 0) {
      const left = previousI >= 0 ? a[previousI]! : -1;
      const right = toI < a.length ? a[toI]! : -1;
      variableLooking =
        variableIds.has(left) || variableIds.has(right) || namesOnly(previousJ + 1, insertedInside);
    }
    if (deletedRequired <= 5 && extra <= 8 && variableLooking && budget > 0) {
      budget--;
      penalty += 0.2 * Math.max(deletedRequired, extra);
      return;
    }
    penalty += deletedRequired + extra;
    structural += deletedRequired + extra;
  };

  /** Inserted words no SPDX text has, or holder-like words: a name put in. */
  const namesOnly = (from: number, count: number) => {
    if (count === 0 || count > 8) return false;
    for (let j = from; j < from + count; j++) {
      const word = window[j]!;
      if (word >= 0 && !variableIds.has(word)) return false;
    }
    return true;
  };

  for (let i = 0; i < a.length; i++) {
    const j = matchOfA[i]!;
    if (j < 0) continue;
    hunk(previousI + 1, i, previousJ < 0 ? 0 : j - previousJ - 1);
    if (text.optional[i] === 0) matchedRequired++;
    previousI = i;
    previousJ = j;
  }
  hunk(previousI + 1, a.length, 0);
  if (firstRequired >= 0) {
    [first, last] = extent(text, matchOfA, firstRequired, lastRequired);
  }

  const required = Math.max(1, text.required);
  const score = Math.max(0, 1 - penalty / required);
  const exact = structural <= Math.max(3, required * 0.002) && score >= 0.9;
  return { score, coverage: Math.min(1, matchedRequired / required), exact, first, last };
}

/**
 * Matched input range: the required words, widened over optional words matched nearby, i.e. with no
 * more input words between them than the reference has there (plus what variable parts may take).
 */
function extent(
  text: ReferenceText,
  matchOfA: Int32Array,
  firstRequired: number,
  lastRequired: number,
): [number, number] {
  const allowance = (from: number, to: number) => {
    let room = 10;
    for (let k = from + 1; k < to; k++) room += text.tokens[k] === VAR_ID ? 13 : 1;
    return room;
  };
  let first = matchOfA[firstRequired]!;
  let at = firstRequired;
  for (let i = firstRequired - 1; i >= 0; i--) {
    const j = matchOfA[i]!;
    if (j < 0) continue;
    if (first - j - 1 > allowance(i, at)) break;
    first = j;
    at = i;
  }
  let last = matchOfA[lastRequired]!;
  at = lastRequired;
  for (let i = lastRequired + 1; i < matchOfA.length; i++) {
    const j = matchOfA[i]!;
    if (j < 0) continue;
    if (j - last - 1 > allowance(at, i)) break;
    last = j;
    at = i;
  }
  return [first, last];
}
