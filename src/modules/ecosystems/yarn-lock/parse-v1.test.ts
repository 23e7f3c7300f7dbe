import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../../../test/support/extractors.js';
import { ParseError } from '../../../core/errors.js';
import { parseYarnV1, type V1Entry, type V1Object } from './parse-v1.js';

// The parser as it was before it stopped allocating a pair per line (2026-12-02): the new one must
// give the same entries, and the same errors at the same lines, for any text.
const HINT = 'The file may be truncated or hand-edited; regenerate it with `yarn install`.';

/**
 * Yarn classic's own lockfile syntax, read line by line: two-space indentation, `key value` (or
 * `key: value`) pairs, `key:` opening a nested block, double-quoted JSON strings or bare words, `#`
 * comments. Written for speed (the general grammar in @yarnpkg/parsers took most of a large scan's
 * parse time); it reads everything yarn 1 writes and reports the line of anything it cannot.
 */
function referenceParseYarnV1(text: string, path: string): V1Entry[] {
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

function outcome(parse: (text: string, path: string) => V1Entry[], text: string): unknown {
  try {
    return { entries: parse(text, 'yarn.lock') };
  } catch (error) {
    const e = error as ParseError & { line?: number };
    return { code: e.code, message: e.message, line: e.line };
  }
}

const token = fc.constantFrom(
  'lodash@^4',
  '"@babel/core@^7"',
  '"a\\"b"',
  '"a\\qb"',
  'version',
  'dependencies',
  '"1.0.0"',
  'x',
  ',',
  ', ',
  ':',
  ' ',
  '  ',
  '#c',
  '"',
  '\t',
  '\r',
  '\n',
  '\n  ',
  '\n    ',
);
const yarnish = fc.array(fc.oneof({ weight: 6, arbitrary: token }, { weight: 1, arbitrary: fc.string() }), {
  maxLength: 40,
});

// lockfiles of the shape yarn writes, then sometimes damaged in one place: most parse, some do not
const word = fc.constantFrom('lodash@^4', '"@babel/core@^7"', 'a@1', '"b\\"c@2"', 'version', 'x', '"q r"');
const scalarValue = fc.constantFrom('"1.0.0"', '1.0.0', '"a\\nb"', 'true', '"a\\qb"', '"open', '""');
const field = fc.tuple(word, fc.constantFrom(' ', ': '), scalarValue, fc.constantFrom('', ' # c'));
const block = fc.tuple(word, fc.array(field, { maxLength: 3 }));
const entry = fc.tuple(
  fc.array(word, { minLength: 1, maxLength: 3 }),
  fc.array(
    fc.oneof(
      field.map((f) => ({ f })),
      block.map((b) => ({ b })),
    ),
    { maxLength: 4 },
  ),
);
const lockish = fc
  .tuple(
    fc.array(entry, { maxLength: 4 }),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\t', ':', '"', ',', '\n', '#', 'x')), { freq: 2 }),
  )
  .map(([entries, damage]) => {
    const lines: string[] = ['# yarn lockfile v1', ''];
    for (const [descriptors, fields] of entries) {
      lines.push(`${descriptors.join(', ')}:`);
      for (const item of fields) {
        if ('f' in item) lines.push(`  ${item.f.join('')}`);
        else {
          lines.push(`  ${item.b[0]}:`);
          for (const f of item.b[1]) lines.push(`    ${f.join('')}`);
        }
      }
      lines.push('');
    }
    const text = lines.join('\n');
    if (damage === null) return text;
    const at = damage[0] % (text.length + 1);
    return text.slice(0, at) + damage[1] + text.slice(at + (damage[1] === '' ? 1 : 0));
  });

describe('parseYarnV1', () => {
  it('gives the same entries and errors as the reference parser on yarn-like lines', () => {
    fc.assert(
      fc.property(lockish, fc.boolean(), (text, crlf) => {
        const input = crlf ? text.replaceAll('\n', '\r\n') : text;
        expect(outcome(parseYarnV1, input)).toEqual(outcome(referenceParseYarnV1, input));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the fixtures as the reference parser does', () => {
    for (const text of fixtures(path.join(import.meta.dirname, '__fixtures__')).values()) {
      expect(outcome(parseYarnV1, text)).toEqual(outcome(referenceParseYarnV1, text));
    }
  });

  it('gives the same entries and errors as the reference parser on arbitrary text', () => {
    fc.assert(
      fc.property(yarnish, (parts) => {
        const text = parts.join('');
        expect(outcome(parseYarnV1, text)).toEqual(outcome(referenceParseYarnV1, text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps a key named __proto__ as an own key, not as the prototype of its block', () => {
    const text =
      '# yarn lockfile v1\n\na@^1:\n  version "1.0.0"\n  dependencies:\n    __proto__ "^2"\n    b "^3"\n  __proto__:\n    polluted "yes"\n';
    const entries = parseYarnV1(text, 'yarn.lock');
    expect(entries).toHaveLength(1);
    const value = (entries[0] as V1Entry).value as Record<string, unknown>;
    const deps = value.dependencies as Record<string, unknown>;
    expect(Object.keys(deps)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(deps, '__proto__')?.value).toBe('^2');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: 'yes' });
  });
});
