import { ParseError } from '../errors.js';
import { canonicalExceptionId, canonicalLicenseId } from './ids.js';

/**
 * SPDX license expressions (SPDX 2.3 Annex D, SPDX 3.0 Annex "SPDX license expressions"): a strict
 * parser with character offsets in its errors, a renderer, and a normalizer. Why this is our own parser
 * rather than `spdx-expression-parse` is in ./readme.md.
 */

/** One license term: `MIT`, `Apache-2.0+`, `GPL-2.0-only WITH Classpath-exception-2.0`, `LicenseRef-x`. */
export interface LicenseTerm {
  readonly type: 'license';
  /** A listed id in its canonical spelling, or `[DocumentRef-a:]LicenseRef-b` exactly as written. */
  readonly license: string;
  /** The `+` operator: this version of the license or any later one. */
  readonly plus: boolean;
  /** A listed exception id in its canonical spelling, or `[DocumentRef-a:]AdditionRef-b`. */
  readonly exception?: string;
}

/** `AND` (all operands apply) or `OR` (a choice of one), with two or more operands, never nested in itself. */
export interface CompoundExpression {
  readonly type: 'and' | 'or';
  readonly operands: readonly SpdxExpression[];
}

export type SpdxExpression = LicenseTerm | CompoundExpression;

export type SpdxErrorCode =
  | 'ERR_OSPO_SPDX_EMPTY'
  | 'ERR_OSPO_SPDX_SYNTAX'
  | 'ERR_OSPO_SPDX_UNKNOWN_LICENSE'
  | 'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION'
  | 'ERR_OSPO_SPDX_OPERATOR_CASE'
  | 'ERR_OSPO_SPDX_TOO_COMPLEX';

/** Longer input or deeper parentheses than this is refused, so no input can exhaust the stack. */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_EXPRESSION_DEPTH = 64;

/**
 * Parse an SPDX license expression strictly. Throws a `ParseError` whose code is an `SpdxErrorCode` and
 * whose `details.offset` is the 0-based character offset of the problem (`line`/`column` are 1-based).
 *
 * - Operators are `AND`, `OR`, `WITH` in upper case or all lower case; mixed case (`And`) is refused.
 * - License and exception ids match case-insensitively and come back in their canonical spelling.
 * - `LicenseRef-`, `DocumentRef-` and `AdditionRef-` prefixes are case-sensitive, as the spec's ABNF says.
 * - Precedence, tightest first: `+`, `WITH`, `AND`, `OR`; parentheses group. `WITH` follows a single
 *   term only. `+` follows a listed license id only, with no space before it.
 * - Deprecated ids (GPL-2.0, GPL-2.0+) are valid; `normalizeExpression` rewrites them.
 */
export function parseExpression(text: string): SpdxExpression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw spdxError('ERR_OSPO_SPDX_TOO_COMPLEX', `longer than ${MAX_EXPRESSION_LENGTH} characters`, text, 0);
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) throw spdxError('ERR_OSPO_SPDX_EMPTY', 'the expression is empty', text, 0);
  return new StrictParser(text, tokens).parse();
}

export type ParseOutcome = { ok: true; expression: SpdxExpression } | { ok: false; error: ParseError };

/** `parseExpression` without the throw: an invalid expression comes back as `{ ok: false, error }`. */
export function tryParseExpression(text: string): ParseOutcome {
  try {
    return { ok: true, expression: parseExpression(text) };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error };
    throw error;
  }
}

/** The canonical text: single spaces, upper-case operators, parentheses wherever operators nest. */
export function renderExpression(expression: SpdxExpression): string {
  if (expression.type === 'license') return renderTerm(expression);
  const separator = expression.type === 'and' ? ' AND ' : ' OR ';
  return expression.operands
    .map((operand) => (operand.type === 'license' ? renderTerm(operand) : `(${renderExpression(operand)})`))
    .join(separator);
}

export function renderTerm(term: LicenseTerm): string {
  const license = term.plus ? `${term.license}+` : term.license;
  return term.exception === undefined ? license : `${license} WITH ${term.exception}`;
}

/** Every license term of an expression, left to right, duplicates kept. */
export function expressionTerms(expression: SpdxExpression): LicenseTerm[] {
  if (expression.type === 'license') return [expression];
  return expression.operands.flatMap(expressionTerms);
}

/** A term, built with the same shape the parser gives (no `exception` key when there is none). */
export function licenseTerm(
  license: string,
  options: { plus?: boolean; exception?: string } = {},
): LicenseTerm {
  const term = { type: 'license' as const, license, plus: options.plus ?? false };
  return options.exception === undefined ? term : { ...term, exception: options.exception };
}

/** `a AND b AND ...`, flattening nested ANDs; one operand is returned as it is. */
export function allOf(operands: readonly SpdxExpression[]): SpdxExpression {
  return compound('and', operands);
}

/** `a OR b OR ...`, flattening nested ORs; one operand is returned as it is. */
export function anyOf(operands: readonly SpdxExpression[]): SpdxExpression {
  return compound('or', operands);
}

export function isLicenseRef(license: string): boolean {
  return /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(license);
}

export function isAdditionRef(exception: string): boolean {
  return /^(?:DocumentRef-[A-Za-z0-9.-]+:)?AdditionRef-[A-Za-z0-9.-]+$/.test(exception);
}

function compound(type: 'and' | 'or', operands: readonly SpdxExpression[]): SpdxExpression {
  const flat = operands.flatMap((operand) => (operand.type === type ? operand.operands : [operand]));
  const [first] = flat;
  if (!first) throw new RangeError(`${type} of no operands`);
  return flat.length === 1 ? first : { type, operands: flat };
}

/** The coded error of this module: offset in `details`, 1-based line and column for editors and the CLI. */
export function spdxError(code: SpdxErrorCode, problem: string, text: string, offset: number): ParseError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return new ParseError(code, `invalid SPDX expression "${shown}" at offset ${offset}: ${problem}`, {
    line,
    column,
    details: { offset, expression: text },
    hint: 'Write ids from https://spdx.org/licenses joined by AND, OR and WITH, e.g. "MIT OR Apache-2.0".',
  });
}

type Token = { kind: '(' | ')' | 'AND' | 'OR' | 'WITH' | 'word'; text: string; offset: number };

const operatorWords = new Set(['AND', 'OR', 'WITH']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /[ \t\r\n]+|[()]|[A-Za-z0-9.\-:+]+/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw spdxError('ERR_OSPO_SPDX_SYNTAX', `unexpected character "${text[at]}"`, text, at);
    const word = match[0];
    if (word === '(' || word === ')') tokens.push({ kind: word, text: word, offset: at });
    else if (!/^\s/.test(word)) tokens.push(wordToken(text, word, at));
    at = pattern.lastIndex;
  }
  return tokens;
}

function wordToken(text: string, word: string, offset: number): Token {
  const upper = word.toUpperCase();
  if (!operatorWords.has(upper)) return { kind: 'word', text: word, offset };
  if (word !== upper && word !== word.toLowerCase()) {
    throw spdxError(
      'ERR_OSPO_SPDX_OPERATOR_CASE',
      `write "${upper}" or "${word.toLowerCase()}"`,
      text,
      offset,
    );
  }
  return { kind: upper as 'AND' | 'OR' | 'WITH', text: word, offset };
}

class StrictParser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): SpdxExpression {
    const expression = this.disjunction();
    const extra = this.tokens[this.at];
    if (extra?.kind === ')') this.fail('ERR_OSPO_SPDX_SYNTAX', 'a ")" without its "("', extra.offset);
    if (extra?.text === '+')
      this.fail('ERR_OSPO_SPDX_SYNTAX', '"+" must directly follow a license id', extra.offset);
    if (extra)
      this.fail('ERR_OSPO_SPDX_SYNTAX', `expected AND, OR or WITH before "${extra.text}"`, extra.offset);
    return expression;
  }

  private disjunction(): SpdxExpression {
    const operands = [this.conjunction()];
    while (this.accept('OR')) operands.push(this.conjunction());
    return anyOf(operands);
  }

  private conjunction(): SpdxExpression {
    const operands = [this.primary()];
    while (this.accept('AND')) operands.push(this.primary());
    return allOf(operands);
  }

  private primary(): SpdxExpression {
    const token = this.tokens[this.at];
    if (!token) return this.fail('ERR_OSPO_SPDX_SYNTAX', 'a license is missing at the end', this.text.length);
    if (token.kind === '(') return this.group(token);
    if (token.kind !== 'word')
      return this.fail('ERR_OSPO_SPDX_SYNTAX', `expected a license, got "${token.text}"`, token.offset);
    this.at++;
    const license = this.license(token);
    if (!this.accept('WITH')) return license;
    const exception = this.tokens[this.at];
    if (exception?.kind !== 'word') {
      return this.fail(
        'ERR_OSPO_SPDX_SYNTAX',
        'an exception id must follow WITH',
        exception?.offset ?? this.text.length,
      );
    }
    this.at++;
    return { ...license, exception: this.exception(exception) };
  }

  private group(open: Token): SpdxExpression {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      this.fail(
        'ERR_OSPO_SPDX_TOO_COMPLEX',
        `parentheses nest deeper than ${MAX_EXPRESSION_DEPTH}`,
        open.offset,
      );
    }
    this.at++;
    const inner = this.disjunction();
    const close = this.tokens[this.at];
    if (close?.kind !== ')') {
      this.fail(
        'ERR_OSPO_SPDX_SYNTAX',
        `the "(" at offset ${open.offset} is not closed`,
        close?.offset ?? this.text.length,
      );
    }
    this.at++;
    this.depth--;
    const next = this.tokens[this.at];
    if (next?.kind === 'WITH')
      this.fail('ERR_OSPO_SPDX_SYNTAX', 'WITH must follow a single license, not a group', next.offset);
    return inner;
  }

  private license(token: Token): LicenseTerm {
    const plus = token.text.endsWith('+');
    const name = plus ? token.text.slice(0, -1) : token.text;
    if (name === '') this.fail('ERR_OSPO_SPDX_SYNTAX', '"+" must directly follow a license id', token.offset);
    if (name.includes('+'))
      this.fail('ERR_OSPO_SPDX_SYNTAX', '"+" may only end a license id', token.offset + name.indexOf('+'));
    if (isLicenseRef(name)) {
      if (plus)
        this.fail('ERR_OSPO_SPDX_SYNTAX', '"+" does not apply to a LicenseRef', token.offset + name.length);
      return licenseTerm(name);
    }
    const id = canonicalLicenseId(name);
    if (id === undefined) {
      const problem = canonicalExceptionId(name)
        ? `"${name}" is an exception; it must follow WITH`
        : `unknown license id "${name}"`;
      return this.fail('ERR_OSPO_SPDX_UNKNOWN_LICENSE', problem, token.offset);
    }
    return licenseTerm(id, { plus });
  }

  private exception(token: Token): string {
    if (isAdditionRef(token.text)) return token.text;
    const id = canonicalExceptionId(token.text);
    if (id === undefined)
      return this.fail(
        'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION',
        `unknown exception id "${token.text}"`,
        token.offset,
      );
    return id;
  }

  private accept(kind: Token['kind']): boolean {
    if (this.tokens[this.at]?.kind !== kind) return false;
    this.at++;
    return true;
  }

  private fail(code: SpdxErrorCode, problem: string, offset: number): never {
    throw spdxError(code, problem, this.text, offset);
  }
}
