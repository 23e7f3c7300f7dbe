import { ParseError } from '../../../core/errors.js';

/**
 * Reads the subset of Elixir term syntax that `mix.lock` is written in (Mix writes it with `inspect`):
 * maps `%{k => v}` and `%{k: v}`, tuples, lists, keyword lists, atoms (`:a`, `:"a b"`), strings with
 * escapes, integers, `true`/`false`/`nil` and `#` comments. No interpolation, sigils, floats or code.
 */
export type Term =
  | { t: 'map'; entries: Array<[Term, Term]>; line: number }
  | { t: 'tuple' | 'list'; items: Term[]; line: number }
  | { t: 'atom' | 'string'; v: string; line: number }
  | { t: 'int'; v: number; line: number };

export function parseElixirTerm(content: string, path: string): Term {
  const reader = new Reader(content.replace(/^\uFEFF/, ''), path);
  const term = reader.value(0);
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail('unexpected text after the end of the term');
  return term;
}

const MAX_DEPTH = 64;
const IDENT = /[A-Za-z_][A-Za-z0-9_@]*[?!]?/y;
const INT = /-?[0-9][0-9_]*/y;
const CLOSE: Record<string, string> = { '{': '}', '[': ']', '%{': '}' };

class Reader {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly s: string,
    private readonly path: string,
  ) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  fail(what: string, line = this.line, column = this.i - this.lineStart + 1): never {
    throw new ParseError('ERR_OSPO_PARSE', `${this.path}: not a valid mix.lock (${what}, line ${line})`, {
      line,
      column,
      hint: 'The file may be truncated or hand-edited; regenerate it with `mix deps.get`.',
    });
  }

  skipSpace(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\n') {
        this.line++;
        this.lineStart = this.i + 1;
      } else if (c === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
        continue;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      this.i++;
    }
  }

  value(depth: number): Term {
    if (depth > MAX_DEPTH) this.fail('terms nested too deeply');
    this.skipSpace();
    const line = this.line;
    const c = this.s[this.i];
    if (c === undefined) this.fail('unexpected end of file');
    if (c === '%' && this.s[this.i + 1] === '{') {
      this.i += 2;
      const entries: Array<[Term, Term]> = [];
      this.sequence('%{', (key) => {
        if (key) return entries.push([key, this.value(depth + 1)]);
        const k = this.value(depth + 1);
        this.skipSpace();
        if (!this.s.startsWith('=>', this.i)) this.fail('expected "=>" in a map');
        this.i += 2;
        entries.push([k, this.value(depth + 1)]);
      });
      return { t: 'map', entries, line };
    }
    if (c === '{' || c === '[') {
      this.i++;
      const items: Term[] = [];
      let keywords: Term[] | undefined;
      this.sequence(c, (key) => {
        if (!key) {
          if (keywords) this.fail('a keyword list must come last');
          return items.push(this.value(depth + 1));
        }
        keywords ??= [];
        keywords.push({ t: 'tuple', items: [key, this.value(depth + 1)], line: key.line });
      });
      // `[a: 1]` is a list of pairs; `{x, a: 1}` ends with one keyword-list element
      if (keywords && c === '[') items.push(...keywords);
      else if (keywords) items.push({ t: 'list', items: keywords, line });
      return { t: c === '{' ? 'tuple' : 'list', items, line };
    }
    if (c === '"') return { t: 'string', v: this.string(), line };
    if (c === ':') {
      this.i++;
      if (this.s[this.i] === '"') return { t: 'atom', v: this.string(), line };
      return { t: 'atom', v: this.match(IDENT) ?? this.fail('expected an atom name after ":"'), line };
    }
    const digits = this.match(INT);
    if (digits !== undefined) return { t: 'int', v: Number(digits.replaceAll('_', '')), line };
    const word = this.match(IDENT);
    if (word === 'true' || word === 'false' || word === 'nil') return { t: 'atom', v: word, line };
    return this.fail(word ? `unexpected name "${word}"` : `unexpected character "${c}"`);
  }

  /** Comma-separated items up to the closing bracket; a trailing comma is allowed, as Mix writes one. */
  private sequence(open: string, item: (keywordKey: Term | undefined) => void): void {
    const close = CLOSE[open] ?? '}';
    const line = this.line;
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail(`"${open}" is never closed`, line);
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
      item(this.keywordKey());
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail(`expected "," or "${close}"`);
    }
  }

  /** `name: ` or `"name": ` before a value, as an atom; undefined (and nothing consumed) otherwise. */
  private keywordKey(): Term | undefined {
    const [start, line, lineStart] = [this.i, this.line, this.lineStart];
    let name: string | undefined;
    if (this.s[this.i] === '"') name = this.string();
    else name = this.match(IDENT);
    const next = this.s[this.i + 1];
    if (name !== undefined && this.s[this.i] === ':' && (next === undefined || /\s/.test(next))) {
      this.i++;
      return { t: 'atom', v: name, line };
    }
    [this.i, this.line, this.lineStart] = [start, line, lineStart];
    return undefined;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private string(): string {
    const line = this.line;
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('string is never closed', line);
      this.i++;
      if (c === '"') return out;
      if (c === '\n') {
        this.line++;
        this.lineStart = this.i;
      }
      out += c === '\\' ? this.escape() : c;
    }
  }

  private escape(): string {
    const c = this.s[this.i];
    if (c === undefined) this.fail('string is never closed');
    this.i++;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', e: '\x1b', '0': '\0' };
    const known = simple[c];
    if (known !== undefined) return known;
    if (c !== 'x' && c !== 'u') return c;
    const braced = this.s[this.i] === '{';
    const re = braced ? /\{([0-9A-Fa-f]{1,6})\}/y : c === 'x' ? /([0-9A-Fa-f]{2})/y : /([0-9A-Fa-f]{4})/y;
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    const code = m?.[1] ? Number.parseInt(m[1], 16) : -1;
    if (!m || code > 0x10ffff) this.fail(`invalid \\${c} escape`);
    this.i += m[0].length;
    return String.fromCodePoint(code);
  }
}
