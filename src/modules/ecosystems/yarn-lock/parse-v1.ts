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
    stack.length = depth + 1;
    const target = stack[depth] as V1Object;
    const [keys, after] = readKey(text, i, stop, path, lineNo);
    const key = keys.join(', ');
    let j = skipSpaces(text, after, stop);
    if (text.charCodeAt(j) === 58 /* : */) {
      j = skipSpaces(text, j + 1, stop);
      if (j === stop || text.charCodeAt(j) === 35) {
        const block: V1Object = {};
        if (depth === 0) entries.push({ descriptors: keys, value: block });
        else target[key] = block;
        open = block;
        continue;
      }
    } else if (j === stop) {
      fail(path, lineNo, `"${key}" has no value`);
    }
    if (depth === 0) fail(path, lineNo, 'an entry must start with `descriptor:`');
    const [value, rest] = readValue(text, j, stop, path, lineNo);
    const k = skipSpaces(text, rest, stop);
    if (k !== stop && text.charCodeAt(k) !== 35) fail(path, lineNo, 'unexpected text after the value');
    target[key] = value;
  }
  return entries;
}

function skipSpaces(text: string, i: number, stop: number): number {
  while (i < stop && text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * A key: a bare word up to the first `:` or space, or a double-quoted JSON string; a list of them
 * separated by commas (`a@^1, "b@^2"`) for an entry that several descriptors resolved to.
 */
function readKey(text: string, i: number, stop: number, path: string, line: number): [string[], number] {
  const keys: string[] = [];
  let j = i;
  for (;;) {
    if (text.charCodeAt(j) === 34) {
      const end = closingQuote(text, j, stop, path, line);
      keys.push(unquote(text.slice(j, end + 1), path, line));
      j = end + 1;
    } else {
      const from = j;
      while (j < stop) {
        const c = text.charCodeAt(j);
        if (c === 58 || c === 32 || c === 34 || c === 44) break;
        j++;
      }
      if (j === from) fail(path, line, 'a key is missing');
      keys.push(text.slice(from, j));
    }
    const k = skipSpaces(text, j, stop);
    if (text.charCodeAt(k) !== 44) return [keys, j];
    j = skipSpaces(text, k + 1, stop);
  }
}

/** A value: a double-quoted JSON string, or a bare word up to the next space. */
function readValue(text: string, i: number, stop: number, path: string, line: number): [string, number] {
  if (text.charCodeAt(i) === 34) {
    const end = closingQuote(text, i, stop, path, line);
    return [unquote(text.slice(i, end + 1), path, line), end + 1];
  }
  let j = i;
  while (j < stop && text.charCodeAt(j) !== 32) j++;
  return [text.slice(i, j), j];
}

function closingQuote(text: string, open: number, stop: number, path: string, line: number): number {
  for (let j = open + 1; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 34) return j;
  }
  return fail(path, line, 'a quoted string is not closed');
}

function unquote(token: string, path: string, line: number): string {
  if (token.charCodeAt(0) !== 34) return token;
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return fail(path, line, 'a quoted string has a bad escape');
  }
}

function fail(path: string, line: number, why: string): never {
  throw new ParseError('ERR_OSPO_PARSE', `${path}: not a readable v1 yarn.lock (${why})`, {
    line,
    hint: HINT,
  });
}
