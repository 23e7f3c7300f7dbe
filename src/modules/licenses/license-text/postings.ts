/** Bigram key to the texts that have it, as three flat arrays: cheap to build, to search and to save. */
export interface Postings {
  /** Sorted distinct bigram keys. */
  keys: Int32Array;
  /** texts[starts[k] .. starts[k + 1]) are the texts with keys[k]. */
  starts: Int32Array;
  texts: Int32Array;
}

interface Fingerprinted {
  bigrams: Int32Array;
  canonical: boolean;
  distinctive: number;
}

/** At most this many texts (of 1024 at most) per text index in a pair code. */
const TEXT_BITS = 1024;

/**
 * Postings of the canonical texts' bigrams. Bigrams most texts have ("of the", "this license") tell
 * nothing and cost most: left out, unless a text would keep fewer than 20 of its own; each text's
 * `distinctive` is set to the number of its bigrams that are in.
 */
export function buildPostings(texts: Fingerprinted[]): Postings {
  if (texts.length > TEXT_BITS) throw new Error(`too many reference texts: ${texts.length}`);
  let total = 0;
  for (const t of texts) if (t.canonical) total += t.bigrams.length;
  const pairs = new Float64Array(total);
  let n = 0;
  texts.forEach((t, index) => {
    if (!t.canonical) return;
    for (const key of t.bigrams) pairs[n++] = key * TEXT_BITS + index;
  });
  pairs.sort();
  const common = Math.ceil(texts.length * 0.15);
  const groups = groupsOf(pairs);
  const own = new Int32Array(texts.length);
  for (const [from, to] of groups) {
    if (to - from <= common) for (let i = from; i < to; i++) own[pairs[i]! % TEXT_BITS]!++;
  }
  const keys: number[] = [];
  const starts: number[] = [];
  const list: number[] = [];
  for (const t of texts) t.distinctive = 0;
  for (const [from, to] of groups) {
    let keep = to - from <= common;
    for (let i = from; i < to && !keep; i++) if (own[pairs[i]! % TEXT_BITS]! < 20) keep = true;
    if (!keep) continue;
    keys.push(Math.floor(pairs[from]! / TEXT_BITS));
    starts.push(list.length);
    for (let i = from; i < to; i++) {
      const index = pairs[i]! % TEXT_BITS;
      list.push(index);
      texts[index]!.distinctive++;
    }
  }
  starts.push(list.length);
  return { keys: Int32Array.from(keys), starts: Int32Array.from(starts), texts: Int32Array.from(list) };
}

/** [from, to) ranges of equal keys in sorted pair codes. */
function groupsOf(pairs: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= pairs.length; i++) {
    if (i === pairs.length || Math.floor(pairs[i]! / TEXT_BITS) !== Math.floor(pairs[from]! / TEXT_BITS)) {
      out.push([from, i]);
      from = i;
    }
  }
  return pairs.length === 0 ? [] : out;
}

/** The [from, to) range of `postings.texts` for a key; empty when no text has it. */
export function postingRange(postings: Postings, key: number): [number, number] {
  const keys = postings.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = keys[mid]!;
    if (value === key) return [postings.starts[mid]!, postings.starts[mid + 1]!];
    if (value < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return [0, 0];
}
