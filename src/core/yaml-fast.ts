/**
 * A fast reader for the plain subset of YAML that package managers write (pnpm-lock.yaml,
 * pubspec.lock): block mappings and sequences indented with spaces, single-line plain and quoted
 * scalars, one-line flow collections (`{integrity: sha512-...}`, `[x64]`) and whole-line comments.
 * It gives what js-yaml gives with the core schema and `json: true`, or undefined for anything
 * outside that subset or in doubt (block scalars, anchors, tags, multi-line scalars, numbers other
 * than plain decimals, comments after values, tabs, ...), for js-yaml to read instead, errors included.
 * A generated lockfile of some megabytes reads several times faster this way; the fuzz test holds it
 * to js-yaml's answer on generated and mutated documents.
 */

/** Control characters and lone surrogates: js-yaml refuses them. */
const NON_PRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** The quick first test: none of these, and NON_PRINTABLE need not run (surrogates are mostly pairs). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Thrown (and caught in fastYaml) where the text is outside the subset. */
class Decline {}
const decline = new Decline();

interface Line {
  indent: number;
  text: string;
}

/** The document's value, or undefined when js-yaml must read it. */
export function fastYaml(text: string): unknown {
  // a byte-order mark past the start is js-yaml's to judge (the caller strips the first)
  if (text.includes('\t') || text.includes('\uFEFF') || (SUSPECT.test(text) && NON_PRINTABLE.test(text))) {
    return undefined;
  }
  // a carriage return on its own breaks a line for js-yaml, even inside a comment
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  const lines = splitLines(text);
  if (lines === null || lines.length === 0) return undefined;
  try {
    const reader = new Reader(lines);
    const first = lines[0] as Line;
    const value = reader.node(first.indent);
    if (reader.at !== lines.length) return undefined;
    return value;
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
}

/** Lines with content, comments and blank lines left out; null for what is not line-plain. */
function splitLines(text: string): Line[] | null {
  const out: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    let indent = start;
    while (indent < stop && text.charCodeAt(indent) === 32) indent++;
    let last = stop;
    while (last > indent && text.charCodeAt(last - 1) === 32) last--;
    if (last > indent) {
      const c = text.charCodeAt(indent);
      // '#': a comment line; '%', '---', '...': directives and document markers
      if (c === 35) {
        // a comment
      } else if (
        c === 37 ||
        (indent === start && (text.startsWith('---', indent) || text.startsWith('...', indent)))
      ) {
        return null;
      } else {
        const line = text.slice(indent, last);
        out.push({ indent: indent - start, text: line });
      }
    }
    start = end + 1;
  }
  return out;
}

class Reader {
  at = 0;

  constructor(private readonly lines: Line[]) {}

  /** The block node whose lines start at `indent`. */
  node(indent: number): unknown {
    const line = this.lines[this.at] as Line;
    if (line.indent !== indent) throw decline;
    if (isSequenceItem(line.text)) return this.sequence(indent);
    return this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.at];
      if (!line || line.indent < indent) return out;
      if (line.indent > indent || !isSequenceItem(line.text)) throw decline;
      const rest = line.text.slice(2);
      // nested blocks and `- key: value` items are left to js-yaml
      if (rest === '' || rest.charCodeAt(0) === 32 || isSequenceItem(rest) || splitKey(rest) !== null)
        throw decline;
      this.at++;
      out.push(scalarLine(rest));
      this.noContinuation(indent);
    }
  }

  private mapping(indent: number): Record<string, unknown> {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (;;) {
      const line = this.lines[this.at];
      if (!line || line.indent < indent) return objectOf(keys, values);
      if (line.indent > indent || isSequenceItem(line.text)) throw decline;
      const pair = splitKey(line.text);
      if (pair === null) throw decline;
      const [key, rest] = pair;
      this.at++;
      let value: unknown;
      if (rest === '') {
        const next = this.lines[this.at];
        if (next && next.indent > indent) value = this.node(next.indent);
        else if (next && next.indent === indent && isSequenceItem(next.text)) value = this.sequence(indent);
        else value = null;
      } else {
        value = scalarLine(rest);
        this.noContinuation(indent);
      }
      keys.push(key);
      values.push(value);
    }
  }

  /** After a one-line value, a deeper line would continue it (a multi-line scalar): js-yaml's. */
  private noContinuation(indent: number): void {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw decline;
  }
}

/** Past this many keys an object is built as a dictionary from the start. */
const MANY_KEYS = 32;

/**
 * An object of these keys (later ones winning). One with many keys (a lockfile's packages) is made a
 * dictionary before they are added: added one by one to a plain object, each new key makes a new hidden
 * class, which costs more with every key, until V8 gives up and makes it a dictionary anyway.
 */
function objectOf(keys: string[], values: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (keys.length > MANY_KEYS) {
    // deleting a property other than the last one added turns an object into a dictionary
    out['0a'] = 0;
    out['0b'] = 0;
    delete out['0a'];
    delete out['0b'];
  }
  for (let i = 0; i < keys.length; i++) out[keys[i] as string] = values[i];
  return out;
}

function isSequenceItem(text: string): boolean {
  return text.charCodeAt(0) === 45 && (text.length === 1 || text.charCodeAt(1) === 32);
}

/** `key: rest` or `key:` as [key, rest]; null when the line is not one. */
function splitKey(text: string): [string, string] | null {
  const c = text.charCodeAt(0);
  let key: string;
  let after: number;
  if (c === 39 || c === 34) {
    const q = quoted(text, 0);
    if (q === null) return null;
    key = q.value;
    after = q.end;
    if (text.charCodeAt(after) !== 58) return null;
  } else {
    // a plain key ends at the first `: ` (or a `:` ending the line)
    const colon = text.indexOf(': ');
    after = colon >= 0 ? colon : text.endsWith(':') ? text.length - 1 : -1;
    if (after <= 0) return null;
    const raw = text.slice(0, after);
    // js-yaml refuses implicit keys past 1,024 characters
    if (raw.length > 1000 || !plainStart(raw, false) || raw.includes(' #') || raw.endsWith(' ')) return null;
    // `<<` merges mappings in js-yaml
    if (raw === '<<') return null;
    // js-yaml turns keys into strings as JavaScript does (null -> "null", 1.0 -> "1")
    key = String(resolvePlain(raw));
  }
  if (key === '__proto__') return null;
  const rest = text.slice(after + 1);
  if (rest === '') return [key, ''];
  if (rest.charCodeAt(0) !== 32) return null;
  return [key, rest.slice(1).trimStart()];
}

/** A whole value on one line: quoted, flow or plain. */
function scalarLine(text: string): unknown {
  const c = text.charCodeAt(0);
  if (c === 39 || c === 34) {
    const q = quoted(text, 0);
    if (q === null || q.end !== text.length) throw decline;
    return q.value;
  }
  if (c === 91 || c === 123) {
    const flow = new Flow(text);
    const value = flow.value();
    if (flow.pos !== text.length) throw decline;
    return value;
  }
  if (!plainStart(text, false) || text.includes(' #') || text.includes(': ') || text.endsWith(':'))
    throw decline;
  return resolvePlain(text);
}

/** Whether a plain scalar may start as this one does (not an indicator); in flow, fewer may. */
function plainStart(text: string, flow: boolean): boolean {
  const c = text.charCodeAt(0);
  switch (c) {
    case 45: // -
    case 63: // ?
    case 58: // :
      // allowed when followed by a character that is not a space
      return text.length > 1 && text.charCodeAt(1) !== 32 && !(flow && ',[]{}'.includes(text[1] as string));
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return false;
    default:
      return text.length > 0;
  }
}

/** Digits, signs, dots, exponents, radix prefixes, `_`: the plain scalars js-yaml may read as numbers. */
const NUMBERISH =
  /^[-+]?(?:[0-9][0-9a-fA-FxXoObB_]*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const DECIMAL = /^(?:0|[-+]?[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^[-+]?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;

/** A plain scalar as the core schema reads it. */
function resolvePlain(text: string): unknown {
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = text.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  if (!numeric || !NUMBERISH.test(text)) return text;
  if (DECIMAL.test(text) || (SIMPLE_FLOAT.test(text) && !/^[-+]?0\.0*$/.test(text))) return Number(text);
  throw decline;
}

/** The quoted scalar starting at `start` (at a `'` or a `"`), or null. */
function quoted(text: string, start: number): { value: string; end: number } | null {
  return text.charCodeAt(start) === 39 ? singleQuoted(text, start) : doubleQuoted(text, start);
}

/** A single-quoted scalar starting at `start` ('' is a quote), ending on this line. */
function singleQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let from = start + 1;
  for (;;) {
    const q = text.indexOf("'", from);
    if (q < 0) return null;
    value += text.slice(from, q);
    if (text.charCodeAt(q + 1) === 39) {
      value += "'";
      from = q + 2;
      continue;
    }
    return { value, end: q + 1 };
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** A double-quoted scalar with JSON's escapes only (YAML's others are left to js-yaml). */
function doubleQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let from = start + 1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return { value: value + text.slice(from, i), end: i + 1 };
    if (c !== 92) continue;
    value += text.slice(from, i);
    const e = text[i + 1] as string | undefined;
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      const code = Number.parseInt(hex, 16);
      // a surrogate half: js-yaml's handling of pairs is its own business
      if (code >= 0xd800 && code <= 0xdfff) return null;
      value += String.fromCharCode(code);
      i += 5;
    } else {
      const to = e === undefined ? undefined : ESCAPES[e];
      if (to === undefined) return null;
      value += to;
      i += 1;
    }
    from = i + 1;
  }
  return null;
}

/** A one-line flow collection: `[a, 'b', {c: d}]`, `{key: value, other: [x]}`. */
class Flow {
  pos = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 91) return this.sequence();
    if (c === 123) return this.mapping();
    if (c === 39 || c === 34) {
      const q = quoted(this.text, this.pos);
      if (q === null) throw decline;
      this.pos = q.end;
      return q.value;
    }
    return resolvePlain(this.plain());
  }

  private sequence(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.spaces();
    if (this.closes(93)) return out;
    for (;;) {
      const item = this.value();
      this.spaces();
      // `[a: b]` (a one-pair mapping) and other rarities: js-yaml's
      if (this.text.charCodeAt(this.pos) === 58) throw decline;
      out.push(item);
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return out;
      if (c !== 44) throw decline;
      this.spaces();
      // a trailing comma
      if (this.text.charCodeAt(this.pos) === 93) throw decline;
    }
  }

  private mapping(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.spaces();
    if (this.closes(125)) return out;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      let key: string;
      if (c === 39 || c === 34) {
        const q = quoted(this.text, this.pos);
        if (q === null) throw decline;
        this.pos = q.end;
        key = q.value;
      } else if (c === 91 || c === 123) {
        throw decline;
      } else {
        const raw = this.plain();
        if (raw === '<<') throw decline;
        key = String(resolvePlain(raw));
      }
      if (key === '__proto__') throw decline;
      this.spaces();
      if (this.text.charCodeAt(this.pos) !== 58) throw decline;
      this.pos++;
      // `key:` right before `,` or `}` has no value; otherwise a space must follow the colon
      const next = this.text.charCodeAt(this.pos);
      let value: unknown = null;
      if (next === 32) {
        this.spaces();
        const v = this.text.charCodeAt(this.pos);
        if (v !== 44 && v !== 125) value = this.value();
      } else if (next !== 44 && next !== 125) {
        throw decline;
      }
      this.spaces();
      out[key] = value;
      const end = this.text.charCodeAt(this.pos);
      this.pos++;
      if (end === 125) return out;
      if (end !== 44) throw decline;
      this.spaces();
      if (this.text.charCodeAt(this.pos) === 125) throw decline;
    }
  }

  /** A plain scalar in flow: up to `,`, `[`, `]`, `{`, `}`, or a `:` that ends it. */
  private plain(): string {
    const { text } = this;
    const start = this.pos;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
      if (c === 58) {
        const n = text.charCodeAt(i + 1);
        if (Number.isNaN(n) || n === 32 || n === 44 || n === 91 || n === 93 || n === 123 || n === 125) break;
      }
      if (c === 35 && text.charCodeAt(i - 1) === 32) throw decline;
    }
    const raw = text.slice(start, i).trimEnd();
    if (raw === '' || !plainStart(raw, true)) throw decline;
    this.pos = start + raw.length;
    return raw;
  }

  private spaces(): void {
    while (this.text.charCodeAt(this.pos) === 32) this.pos++;
  }

  /** An empty collection's closing bracket, taken if it is next. */
  private closes(bracket: number): boolean {
    if (this.text.charCodeAt(this.pos) !== bracket) return false;
    this.pos++;
    return true;
  }
}
