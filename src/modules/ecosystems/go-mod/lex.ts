import { ParseError } from '../../../core/errors.js';

export interface Token {
  text: string;
  /** Quoted tokens are never syntax: a quoted "(" is a path, not a block. */
  quoted: boolean;
}

/** One directive, either on its own line or one line of a `verb ( ... )` block. */
export interface Directive {
  verb: string;
  args: Token[];
  /** The text of the line's `//` comment, trimmed; '' when there is none. */
  comment: string;
  line: number;
}

/**
 * Splits go.mod into directives the way golang.org/x/mod/modfile does: `verb args...` lines and
 * `verb (` ... `)` blocks whose lines carry the verb implicitly. Comments and blank lines vanish.
 */
export function readDirectives(content: string, path: string): Directive[] {
  const out: Directive[] = [];
  let block: { verb: string; line: number } | null = null;
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, index) => {
    const line = index + 1;
    const { tokens, comment } = lexLine(text, path, line);
    const first = tokens[0];
    if (!first) return;
    const isSyntax = (t: Token | undefined, s: string) => t !== undefined && !t.quoted && t.text === s;
    if (block) {
      if (isSyntax(first, ')')) {
        if (tokens.length > 1) fail(path, line, 'unexpected text after ")"');
        block = null;
        return;
      }
      if (tokens.some((t) => isSyntax(t, '(') || isSyntax(t, ')')))
        fail(path, line, 'unexpected parenthesis');
      out.push({ verb: block.verb, args: tokens, comment, line });
      return;
    }
    if (first.quoted || isSyntax(first, '(') || isSyntax(first, ')')) {
      fail(path, line, `unexpected "${first.text}" where a directive was expected`);
    }
    if (isSyntax(tokens[1], '(')) {
      if (tokens.length === 2) block = { verb: first.text, line };
      else if (!(tokens.length === 3 && isSyntax(tokens[2], ')')))
        fail(path, line, 'unexpected text after "("');
      return;
    }
    if (tokens.some((t) => isSyntax(t, '(') || isSyntax(t, ')'))) fail(path, line, 'unexpected parenthesis');
    out.push({ verb: first.text, args: tokens.slice(1), comment, line });
  });
  if (block !== null) {
    const open: { verb: string; line: number } = block;
    fail(path, open.line, `"${open.verb} (" block is never closed`);
  }
  return out;
}

export function fail(path: string, line: number, what: string): never {
  throw new ParseError('ERR_OSPO_PARSE', `${path}:${line}: ${what}`, {
    line,
    hint: 'Run `go mod tidy` to rewrite go.mod in its canonical form.',
  });
}

function lexLine(text: string, path: string, line: number): { tokens: Token[]; comment: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      return { tokens, comment: text.slice(i + 2).trim() };
    } else if (c === '"' || c === '`') {
      const end = closingQuote(text, i, c);
      if (end < 0) fail(path, line, 'unterminated quoted string');
      tokens.push({ text: unquote(text.slice(i + 1, end), c), quoted: true });
      i = end + 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ text: c, quoted: false });
      i++;
    } else if (text.startsWith('=>', i)) {
      tokens.push({ text: '=>', quoted: false });
      i += 2;
    } else {
      let end = i + 1;
      while (end < text.length && !/[\s()"`]/.test(text[end] ?? '') && !text.startsWith('//', end)) {
        if (text.startsWith('=>', end)) break;
        end++;
      }
      tokens.push({ text: text.slice(i, end), quoted: false });
      i = end;
    }
  }
  return { tokens, comment: '' };
}

function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** Module paths and versions never need more of Go's escapes than these. */
function unquote(body: string, quote: string): string {
  return quote === '`' ? body : body.replace(/\\(["\\])/g, '$1');
}
