import { bigramKey, type LicenseIndex, type ReferenceText } from './corpus.js';
import { postingRange } from './postings.js';

/** Below this share of a text's bigrams in the input, the text is not considered at all. */
const MIN_CONTAINMENT = 0.3;
/** Precise comparisons per round: the best candidates by the prefilter. */
const CANDIDATES = 6;

/**
 * The cheap half of matching: which texts are worth a word alignment. The free input's bigrams of one
 * round are `key * POSITIONS + position` codes, sorted: equal keys together for the postings lookup,
 * positions kept for finding where in the input each candidate's bigrams are.
 */
export interface Round {
  codes: Float64Array;
  /** Which stretch of free words (between consumed ones) each position is in. */
  runOf: Int32Array;
}

const POSITIONS = 2 ** 23;

export function freeBigrams(ids: Int32Array, consumed: Uint8Array): Round {
  const n = Math.min(ids.length, POSITIONS - 1);
  const codes = new Float64Array(n);
  const runOf = new Int32Array(n);
  let count = 0;
  let run = 0;
  for (let i = 0; i + 1 < n; i++) {
    if (consumed[i] === 1) {
      run++;
      continue;
    }
    runOf[i] = run;
    const a = ids[i]!;
    const b = ids[i + 1]!;
    if (a < 0 || b < 0 || consumed[i + 1] === 1) continue;
    codes[count++] = bigramKey(a, b) * POSITIONS + i;
  }
  return { codes: codes.subarray(0, count).sort(), runOf };
}

/** The texts most of whose bigrams the free part of the input has. */
export function prefilter(round: Round, index: LicenseIndex): [ReferenceText, number][] {
  const hits = new Int32Array(index.texts.length);
  const texts = index.postings.texts;
  const codes = round.codes;
  let previous = -1;
  for (let i = 0; i < codes.length; i++) {
    const key = Math.floor(codes[i]! / POSITIONS);
    if (key === previous) continue;
    previous = key;
    const [from, to] = postingRange(index.postings, key);
    for (let k = from; k < to; k++) hits[texts[k]!]!++;
  }
  const ranked: [number, number][] = [];
  for (let t = 0; t < hits.length; t++) {
    const size = index.texts[t]!.distinctive;
    const share = size === 0 ? 0 : hits[t]! / size;
    if (share >= MIN_CONTAINMENT) ranked.push([t, share]);
  }
  // ties go to the longer text: evaluated first, it lets the shorter ones it contains be skipped
  ranked.sort((x, y) => y[1] - x[1] || index.texts[y[0]]!.required - index.texts[x[0]]!.required);
  return ranked.slice(0, CANDIDATES).map(([t, share]) => [index.texts[t]!, share]);
}

/** Input positions whose bigram the text has, in order: a merge of two sorted lists. */
export function sharedPositions(bigrams: Int32Array, codes: Float64Array): Int32Array {
  const out: number[] = [];
  let b = 0;
  for (let i = 0; i < codes.length && b < bigrams.length; ) {
    const key = Math.floor(codes[i]! / POSITIONS);
    const want = bigrams[b]!;
    if (key < want) i++;
    else if (key > want) b++;
    else {
      out.push(codes[i]! - key * POSITIONS);
      i++;
    }
  }
  return Int32Array.from(out).sort();
}
