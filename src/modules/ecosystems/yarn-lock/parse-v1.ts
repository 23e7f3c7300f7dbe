import { ParseError } from '../../../core/errors.js';

/** A v1 lockfile: its entries, each with the descriptors (`name@range`) of its key, as nested records. */
export type V1Value = string | V1Object;
export interface V1Object {
  [key: string]: V1Value;
}
export interface V1Entry {
  descriptors: string[];
  value: V1Object;
}

const HINT = 'The file may be truncated or hand-edited; regenerate it with `yarn install`.';

/**
 * Yarn classic's own lockfile syntax, read line by line: two-space indentation, `key value` (or
 * `key: value`) pairs, `key:` opening a nested block, double-quoted JSON strings or bare words, `#`
 * comments. Written for speed (the general grammar in @yarnpkg/parsers took most of a large scan's
 * parse time); it reads everything yarn 1 writes and reports the line of anything it cannot.
 */
export function parseYarnV1(text: string, path: string): V1Entry[] {
  const entries: V1Entry[] = [];
  const root: V1Object = {};
  // stack[d] is the object that lines indented by d levels belong to
  const stack: V1Object[] = [root];
  let open: V1Object | null = null;
  let lineNo = 0;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    lineNo++;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    let i = start;
    while (i < stop && text.charCodeAt(i) === 32) i++;
    const first = text.charCodeAt(i);
    const indent = i - start;
    start = end + 1;
    if (i === stop || first === 35 /* # */) continue;
    if (first === 9 /* tab */) fail(path, lineNo, 'tab in indentation');
    if (indent % 2 !== 0) fail(path, lineNo, 'indentation is not a multiple of two spaces');
    const depth = indent / 2;
    if (open !== null) {
      // the line after `key:` must be indented one level deeper, else the block is empty
      if (depth === stack.length) stack.push(open);
      open = null;
    }
    if (depth >= stack.length) fail(path, lineNo, 'unexpected indentation');
    if (stack.length !== depth + 1) stack.length = depth + 1;
    const target = stack[depth] as V1Object;
    // a line's key (or, at depth 0, its list of descriptors), then its value: `scanEnd` is where each ends
    let keys: string[] | null = null;
    let key = readKey(text, i, stop, path, lineNo);
    let after = scanEnd;
    if (text.charCodeAt(skipSpaces(text, after, stop)) === 44 /* , */) {
      keys = readKeyList(key, text, after, stop, path, lineNo);
      after = scanEnd;
      key = keys.join(', ');
    }
    let j = skipSpaces(text, after, stop);
    if (text.charCodeAt(j) === 58 /* : */) {
      j = skipSpaces(text, j + 1, stop);
      if (j === stop || text.charCodeAt(j) === 35) {
        const block: V1Object = depth === 0 ? {} : dictionary();
        if (depth === 0) entries.push({ descriptors: keys ?? [key], value: block });
        else put(target, key, block);
        open = block;
        continue;
      }
    } else if (j === stop) {
      fail(path, lineNo, `"${key}" has no value`);
    }
    if (depth === 0) fail(path, lineNo, 'an entry must start with `descriptor:`');
    const value = readValue(text, j, stop, path, lineNo);
    const k = skipSpaces(text, scanEnd, stop);
    if (k !== stop && text.charCodeAt(k) !== 35) fail(path, lineNo, 'unexpected text after the value');
    put(target, key, value);
  }
  return entries;
}

/**
 * An empty object that is a dictionary from the start. Nested blocks (dependencies and the like) are
 * keyed by package names, thousands of them across a lockfile: added to a plain object, each new
 * sequence of names makes a new hidden class. Deleting a property other than the last one added
 * turns an object into a dictionary (as yaml-fast.ts does for large mappings).
 */
function dictionary(): V1Object {
  const out: V1Object = { a: '', b: '' };
  delete out.a;
  delete out.b;
  return out;
}

/** `target[key] = value`, with `__proto__` an own key like any other, not the object's prototype. */
function put(target: V1Object, key: string, value: V1Value): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}

function skipSpaces(text: string, i: number, stop: number): number {
  while (i < stop && text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Where the last `readKey`, `readKeyList` or `readValue` stopped. A module variable rather than a
 * returned pair: these run for every line of every lockfile, and a pair is an object per line.
 */
let scanEnd = 0;

/**
 * A key: a bare word up to the first `:`, space, `"` or `,`, or a double-quoted JSON string. Sets `scanEnd`.
 */
function readKey(text: string, i: number, stop: number, path: string, line: number): string {
  if (text.charCodeAt(i) === 34) return readQuoted(text, i, stop, path, line);
  let j = i;
  while (j < stop) {
    const c = text.charCodeAt(j);
    if (c === 58 || c === 32 || c === 34 || c === 44) break;
    j++;
  }
  if (j === i) fail(path, line, 'a key is missing');
  scanEnd = j;
  return text.slice(i, j);
}

/**
 * The rest of a list of keys separated by commas (`a@^1, "b@^2"`), for an entry that several
 * descriptors resolved to: `first` was read already and ended at `j`, a comma follows. Sets `scanEnd`.
 */
function readKeyList(
  first: string,
  text: string,
  j: number,
  stop: number,
  path: string,
  line: number,
): string[] {
  const keys = [first];
  for (;;) {
    const k = skipSpaces(text, j, stop);
    if (text.charCodeAt(k) !== 44) {
      scanEnd = j;
      return keys;
    }
    keys.push(readKey(text, skipSpaces(text, k + 1, stop), stop, path, line));
    j = scanEnd;
  }
}

/** A value: a double-quoted JSON string, or a bare word up to the next space. Sets `scanEnd`. */
function readValue(text: string, i: number, stop: number, path: string, line: number): string {
  if (text.charCodeAt(i) === 34) return readQuoted(text, i, stop, path, line);
  let j = i;
  while (j < stop && text.charCodeAt(j) !== 32) j++;
  scanEnd = j;
  return text.slice(i, j);
}

/** A double-quoted JSON string opening at `open`; its text, unescaped. Sets `scanEnd` past the quote. */
function readQuoted(text: string, open: number, stop: number, path: string, line: number): string {
  let escaped = false;
  for (let j = open + 1; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) {
      escaped = true;
      j++;
    } else if (c === 34) {
      scanEnd = j + 1;
      if (!escaped) return text.slice(open + 1, j);
      try {
        return JSON.parse(text.slice(open, j + 1)) as string;
      } catch {
        return fail(path, line, 'a quoted string has a bad escape');
      }
    }
  }
  return fail(path, line, 'a quoted string is not closed');
}

function fail(path: string, line: number, why: string): never {
  throw new ParseError('ERR_OSPO_PARSE', `${path}: not a readable v1 yarn.lock (${why})`, {
    line,
    hint: HINT,
  });
}
