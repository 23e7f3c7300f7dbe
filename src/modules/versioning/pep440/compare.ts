import type { Pep440Version } from '@renovatebot/pep440';
import { type Ordering, sign } from '../../../core/versioning.js';

/**
 * PEP 440 precedence on versions `@renovatebot/pep440` has parsed: its own sort key and comparison
 * (lib/operator.js, calculateKey and pyCompare, which it does not export), written again line for line
 * so that a version parsed once can be compared many times. The conformance suite checks it against
 * the library's `compare` on every ordering.txt pair and on arbitrary text.
 */
export function compareParsedPep440(a: Pep440Version, b: Pep440Version): Ordering {
  return sign(pyCompare(keyOf(a), keyOf(b)));
}

type Key = number | string | Key[];

const keys = new WeakMap<Pep440Version, Key[]>();

function keyOf(version: Pep440Version): Key[] {
  let key = keys.get(version);
  if (!key) {
    key = calculateKey(version);
    keys.set(version, key);
  }
  return key;
}

/** The library's parse gives null for a missing part; its typings say otherwise. */
type Part = (string | number)[] | null;

function calculateKey(input: Pep440Version): Key[] {
  const { epoch } = input;
  // trailing zeros of the release do not count (1.0 = 1)
  const release = input.release.concat();
  release.reverse();
  while (release.length && release[0] === 0) release.shift();
  release.reverse();
  let pre: Key | Part = input.pre as Part;
  let post: Key | Part = input.post as Part;
  let dev: Key | Part = input.dev as Part;
  const localText = input.local;
  // 1.0.dev0 sorts before 1.0a0; a version without a pre-release after those with one
  if (!pre && !post && dev) pre = Number.NEGATIVE_INFINITY;
  else if (!pre) pre = Number.POSITIVE_INFINITY;
  if (!post) post = Number.NEGATIVE_INFINITY;
  if (!dev) dev = Number.POSITIVE_INFINITY;
  let local: Key;
  if (!localText) local = Number.NEGATIVE_INFINITY;
  else {
    // the library keeps the local part as a list of strings and numbers (parse_local_version)
    local = (localText as unknown as (string | number)[]).map((i) =>
      Number.isNaN(Number(i)) ? [Number.NEGATIVE_INFINITY, i] : [Number(i), ''],
    );
  }
  return [epoch, release, pre as Key, post as Key, dev as Key, local];
}

/** Python's ordering of tuples, as the library ports it. */
function pyCompare(elemIn: Key, otherIn: Key): number {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) return 0;
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem)) {
    const otherList = other as Key[];
    const len = Math.min(elem.length, otherList.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i] as Key, otherList[i] as Key);
      if (res !== 0) return res;
    }
    return elem.length - otherList.length;
  }
  if (elem === Number.NEGATIVE_INFINITY || other === Number.POSITIVE_INFINITY) return -1;
  if (elem === Number.POSITIVE_INFINITY || other === Number.NEGATIVE_INFINITY) return 1;
  // numbers with numbers, strings with strings; JavaScript's < between the two, as in the library
  return (elem as number) < (other as number) ? -1 : 1;
}
