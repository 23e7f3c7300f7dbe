import type { LicenseIndex, ReferenceText } from './corpus.js';
import { alignWords } from './diff.js';
import type { Tokens } from './normalize.js';
import { freeBigrams, prefilter, type Round, sharedPositions } from './prefilter.js';
import { scoreAlignment } from './score.js';

/** One SPDX text found in the input. */
export interface TextMatch {
  text: ReferenceText;
  /** 0..1: 1 is the text word for word, variable and optional parts aside. */
  score: number;
  /** Share of the reference's required words found. */
  coverage: number;
  /** The text as the SPDX list has it (within the matching guidelines), not a modified one. */
  exact: boolean;
  /** Input word range [start, end] the match covers. */
  start: number;
  end: number;
  startLine: number;
  endLine: number;
}

/** Texts found in one input, at most (a file of many licenses). */
const MAX_MATCHES = 16;
/** Below this score a candidate is no match, not even a modified one. */
const MIN_SCORE = 0.5;
/** A modified text must still share this many words with its reference: a URL and a title are not a license. */
const MIN_MODIFIED_WORDS = 25;

const matchedWords = (m: TextMatch) => m.coverage * m.text.required;

/**
 * Find the SPDX texts in the input, best first, each over its own words: a bigram prefilter over the
 * whole list, then a word alignment of the few best candidates; the best one's words are set aside and
 * the rest searched again, so a file of several licenses gives each of them.
 */
export function findLicenseTexts(tokens: Tokens, index: LicenseIndex): TextMatch[] {
  const ids = wordIds(tokens, index);
  const consumed = new Uint8Array(ids.length);
  const found: TextMatch[] = [];
  while (found.length < MAX_MATCHES) {
    const round = freeBigrams(ids, consumed);
    if (round.codes.length === 0) break;
    const candidates = prefilter(round, index);
    let best: TextMatch | null = null;
    let bestContainment = 0;
    for (const [text, containment] of candidates) {
      if (best?.exact && !couldBeExact(text, containment)) continue;
      if (best && cannotBeat(text, best)) continue;
      // a text with far fewer of its bigrams here than the best one's is not closer to the input
      if (best && containment < bestContainment - 0.15) continue;
      const match = compare(text, ids, consumed, round, tokens, index, editBudget(text, best));
      if (match && (best === null || better(match, best))) {
        best = match;
        bestContainment = containment;
      }
    }
    if (best === null || (!best.exact && (best.score < MIN_SCORE || matchedWords(best) < MIN_MODIFIED_WORDS)))
      break;
    found.push(best);
    consumed.fill(1, best.start, best.end + 1);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Input words as vocabulary ids; words no SPDX text has are -1 and match nothing. */
export function wordIds(tokens: Tokens, index: LicenseIndex): Int32Array {
  const ids = new Int32Array(tokens.words.length);
  for (let i = 0; i < ids.length; i++) ids[i] = index.vocabulary.get(tokens.words[i] ?? '') ?? -1;
  return ids;
}

/**
 * Most edits worth looking for: enough to reach MIN_SCORE, or only enough to beat the best match so far
 * (plus what the forgiven replacements and the optional and variable parts may take). A comparison that
 * cannot win then gives up early instead of aligning two long, different texts.
 */
function editBudget(text: ReferenceText, best: TextMatch | null): number {
  const worst = best ? 1 - best.score : 1 - MIN_SCORE;
  const forgiven = 13 * (4 + Math.floor(text.required / 500));
  return Math.min(1500, Math.ceil(worst * text.required) + forgiven + text.slack + 20);
}

/** A near-perfect exact match is only beaten by a text that accounts for more words. */
function cannotBeat(text: ReferenceText, best: TextMatch): boolean {
  return best.exact && best.score > 0.998 && text.required <= best.coverage * best.text.required;
}

/** Each missing bigram is a word missing or inserted; beyond the forgiven few, no exact match. */
function couldBeExact(text: ReferenceText, containment: number): boolean {
  const missing = (1 - containment) * text.distinctive;
  const forgiven = 6 * (4 + Math.floor(text.required / 500)) + 2 * Math.max(3, text.required * 0.002);
  return missing <= forgiven + 4;
}

/** Exact first, then the higher score, then the text that accounts for more of the input's words. */
function better(a: TextMatch, b: TextMatch): boolean {
  if (a.exact !== b.exact) return a.exact;
  if (Math.abs(a.score - b.score) > 0.002) return a.score > b.score;
  const wordsA = a.coverage * a.text.required;
  const wordsB = b.coverage * b.text.required;
  if (Math.abs(wordsA - wordsB) >= 1) return wordsA > wordsB;
  return a.score > b.score;
}

/** Align one candidate against the densest stretch of the input that has its bigrams. */
function compare(
  text: ReferenceText,
  ids: Int32Array,
  consumed: Uint8Array,
  round: Round,
  tokens: Tokens,
  index: LicenseIndex,
  maxEdits: number,
): TextMatch | null {
  const range = densestWindow(text, ids, consumed, round);
  if (!range) return null;
  const to = range[1];
  let from = range[0];
  const window = ids.subarray(from, to + 1);
  const alignment = alignWords(text.tokens, window, maxEdits);
  if (!alignment) return null;
  let scored = scoreAlignment(text, alignment, window, index.variableIds, index.bulletIds);
  const skip = scored.exact ? 0 : leadingNoise(alignment);
  if (skip > 0) {
    // other words before the text pulled a few of its words to them (a notice above a GPL text):
    // align again from just before where the text really starts, and keep the better reading
    const retryWindow = ids.subarray(from + skip, to + 1);
    const retry = alignWords(text.tokens, retryWindow, maxEdits);
    const rescored = retry && scoreAlignment(text, retry, retryWindow, index.variableIds, index.bulletIds);
    if (rescored && rescored.score > scored.score) {
      scored = rescored;
      from += skip;
    }
  }
  if (scored.first < 0) return null;
  const start = from + scored.first;
  const end = from + scored.last;
  return {
    text,
    score: scored.score,
    coverage: scored.coverage,
    exact: scored.exact,
    start,
    end,
    startLine: tokens.lines[start] ?? 1,
    endLine: tokens.lines[end] ?? 1,
  };
}

/**
 * How many input words to drop from the front when the alignment starts with scattered matches: the
 * first run of 8 words matched in a row, less the reference words before it and a margin.
 */
function leadingNoise(matchOfA: Int32Array): number {
  let run = 0;
  for (let i = 0; i < matchOfA.length; i++) {
    const j = matchOfA[i]!;
    run = j >= 0 && i > 0 && matchOfA[i - 1] === j - 1 ? run + 1 : j >= 0 ? 1 : 0;
    if (run >= 8) {
      const startI = i - run + 1;
      const startJ = j - run + 1;
      return startJ - startI > 20 ? startJ - startI - 5 : 0;
    }
  }
  return 0;
}

/**
 * The stretch of free input words, at most a bit longer than the text, holding most of the text's
 * bigrams; widened a little so the alignment sees the text's first and last words.
 */
function densestWindow(
  text: ReferenceText,
  ids: Int32Array,
  consumed: Uint8Array,
  round: Round,
): [number, number] | null {
  const positions = sharedPositions(text.bigrams, round.codes);
  if (positions.length === 0) return null;
  const runs = round.runOf;
  const width = Math.ceil(text.tokens.length * 1.2) + 20;
  let bestFrom = 0;
  let bestTo = 0;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    while (positions[right]! - positions[left]! > width || runs[positions[left]!] !== runs[positions[right]!])
      left++;
    if (right - left > bestTo - bestFrom) {
      bestFrom = left;
      bestTo = right;
    }
  }
  let from = positions[bestFrom]!;
  let to = positions[bestTo]! + 1;
  for (let k = 0; k < 12 && from > 0 && consumed[from - 1] === 0; k++) from--;
  for (let k = 0; k < 12 && to + 1 < ids.length && consumed[to + 1] === 0; k++) to++;
  return [from, to];
}
