import { ParseError } from '../errors.js';
import {
  allOf,
  anyOf,
  isAdditionRef,
  licenseTerm,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  renderExpression,
  type SpdxExpression,
  spdxError,
} from './expression.js';
import { type LenientToken, lex, orLater } from './lenient-lex.js';
import { readTerm } from './lenient-terms.js';
import { exceptionFromName, UNKNOWN_LICENSE } from './names.js';
import { normalizeExpression } from './normalize.js';

/**
 * The lenient reading of license text as people write it in manifests: "Apache 2", "GPLv3+",
 * "MIT/X11", "BSD*", "Dual MIT/GPL", "mit And apache-2.0", "(MIT OR ISC". Every change is reported as
 * a `Correction`, so a user can see what was assumed; a valid expression comes back normalized with
 * no corrections except for deprecated ids and id case.
 */

export type CorrectionKind =
  /** An id in the wrong case: `mit` -> `MIT`. */
  | 'case'
  /** An operator spelled otherwise: `/`, `&`, `,`, `And`, `and/or`; AND read as OR in a "dual" phrase. */
  | 'operator'
  /** Parentheses, quotes or operators added or dropped so the text parses. */
  | 'syntax'
  /** A license name or URL read as its id: `Apache License 2.0` -> `Apache-2.0`. */
  | 'name'
  /** A reading the text does not settle: an unversioned `GPL`, a bare `BSD`, `MIT-style`. */
  | 'guess'
  /** A deprecated id replaced by its current form: `GPL-2.0+` -> `GPL-2.0-or-later`. */
  | 'deprecated'
  /** Text nothing matched, replaced by LicenseRef-ospo-unknown (only with `unknown: 'mark'`). */
  | 'unknown';

export interface Correction {
  readonly kind: CorrectionKind;
  /** The input as written (a slice of it). */
  readonly from: string;
  /** What it was read as; '' when something was dropped. */
  readonly to: string;
  /** 0-based character offset of `from` in the input. */
  readonly offset: number;
}

export interface CorrectedExpression {
  /** The normalized expression. */
  readonly expression: SpdxExpression;
  /** `renderExpression(expression)`. */
  readonly text: string;
  readonly corrections: readonly Correction[];
  /** Input slices that matched nothing (each became LicenseRef-ospo-unknown, or an exception was dropped). */
  readonly unrecognized: readonly string[];
}

export interface CorrectOptions {
  /**
   * What to do with a license name nothing matches: `throw` (default) a ParseError with code
   * ERR_OSPO_SPDX_UNKNOWN_LICENSE and the offset; `mark` it as LicenseRef-ospo-unknown and go on.
   * An exception nothing matches is dropped under `mark`, which leaves the stricter license in force.
   */
  readonly unknown?: 'throw' | 'mark';
}

/** Read license text leniently. Throws only `ParseError`s: empty text, too long, or (by default) unknown names. */
export function correctExpression(text: string, options: CorrectOptions = {}): CorrectedExpression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw spdxError('ERR_OSPO_SPDX_TOO_COMPLEX', `longer than ${MAX_EXPRESSION_LENGTH} characters`, text, 0);
  }
  const corrector = new Corrector(text, options.unknown ?? 'throw');
  const expression = normalizeExpression(corrector.run());
  return {
    expression,
    text: renderExpression(expression),
    corrections: corrector.corrections,
    unrecognized: corrector.unrecognized,
  };
}

export type CorrectOutcome = ({ ok: true } & CorrectedExpression) | { ok: false; error: ParseError };

/** `correctExpression` without the throw. */
export function tryCorrectExpression(text: string, options: CorrectOptions = {}): CorrectOutcome {
  try {
    return { ok: true, ...correctExpression(text, options) };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error };
    throw error;
  }
}

/** One line for a person: corrected 'Apache 2' to 'Apache-2.0' (a guess). */
export function describeCorrection(correction: Correction): string {
  const { kind, from, to } = correction;
  if (to === '') return `dropped '${from}'`;
  if (from === '') return `added '${to}'`;
  if (kind === 'unknown') return `could not read '${from}'; treated as an unknown license`;
  if (kind === 'deprecated') return `replaced deprecated '${from}' with '${to}'`;
  return `corrected '${from}' to '${to}'${kind === 'guess' ? ' (a guess)' : ''}`;
}

class Corrector {
  readonly corrections: Correction[] = [];
  readonly unrecognized: string[] = [];
  private items: LenientToken[] = [];
  private at = 0;
  private depth = 0;
  private dual = false;

  constructor(
    private readonly text: string,
    private readonly unknown: 'throw' | 'mark',
  ) {}

  run(): SpdxExpression {
    this.items = this.group(lex(this.text, this.corrections));
    const parts: SpdxExpression[] = [];
    while (this.at < this.items.length) {
      const part = this.disjunction();
      if (part) parts.push(part);
      const stray = this.items[this.at];
      if (stray) this.drop(stray);
    }
    if (parts.length === 0) throw spdxError('ERR_OSPO_SPDX_EMPTY', 'no license in the text', this.text, 0);
    return allOf(parts);
  }

  /** Words between operators become one term; "or later" becomes `+`; a leading "Dual" makes ANDs ORs. */
  private group(tokens: LenientToken[]): LenientToken[] {
    const items: LenientToken[] = [];
    let term: { offset: number; end: number; words: string[]; spelled?: true } | null = null;
    const flush = () => {
      if (!term) return;
      const source = this.text.slice(term.offset, term.end);
      const text = term.words.join(' ');
      items.push({
        kind: 'term',
        offset: term.offset,
        source,
        text,
        ...(term.spelled ? { spelled: true } : {}),
      });
      term = null;
    };
    let i = this.skipDual(tokens);
    for (; i < tokens.length; i++) {
      const token = tokens[i] as LenientToken;
      if (token.kind === 'term') {
        const end = token.offset + token.source.length;
        if (token.source === '+' && term) {
          term.words[term.words.length - 1] += '+';
          term.end = end;
        } else if (term) {
          term.words.push(token.source);
          term.end = end;
        } else term = { offset: token.offset, end, words: [token.source] };
        continue;
      }
      const later = token.kind === 'OR' && term ? orLater(tokens, i + 1) : 0;
      if (later > 0 && term) {
        term.words[term.words.length - 1] += '+';
        term.spelled = true;
        term.end =
          (tokens[i + later] as LenientToken).offset + (tokens[i + later] as LenientToken).source.length;
        i += later;
        continue;
      }
      flush();
      if (token.kind === 'AND' && this.dual) {
        this.corrections.push({ kind: 'operator', from: token.source, to: 'OR', offset: token.offset });
        items.push({ ...token, kind: 'OR' });
      } else items.push(token);
    }
    flush();
    return items;
  }

  private skipDual(tokens: LenientToken[]): number {
    let i = 0;
    const word = (at: number, pattern: RegExp) => {
      const token = tokens[at];
      return token?.kind === 'term' && pattern.test(token.source);
    };
    if (!word(i, /^dual(?:ly)?(?:-licen[cs](?:ed?|ing))?:?$/i)) return 0;
    i++;
    if (word(i, /^licen[cs](?:ed?|ing):?$/i)) i++;
    if (word(i, /^(?:under|as|:)$/i)) i++;
    if (i >= tokens.length) return 0;
    this.dual = true;
    const first = tokens[0] as LenientToken;
    const last = tokens[i - 1] as LenientToken;
    const from = this.text.slice(first.offset, last.offset + last.source.length);
    this.corrections.push({ kind: 'syntax', from, to: '', offset: first.offset });
    return i;
  }

  private disjunction(): SpdxExpression | null {
    return this.sequence('OR', () => this.conjunction());
  }

  private conjunction(): SpdxExpression | null {
    return this.sequence('AND', () => this.primary());
  }

  /** operand (op operand)*, dropping dangling operators; two operands with nothing between are ANDed. */
  private sequence(op: 'AND' | 'OR', operand: () => SpdxExpression | null): SpdxExpression | null {
    const operands: SpdxExpression[] = [];
    const first = operand();
    if (first) operands.push(first);
    for (;;) {
      const next = this.items[this.at];
      let joiner: LenientToken | undefined;
      if (next?.kind === op) {
        this.at++;
        joiner = next;
      } else if (op === 'AND' && operands.length > 0 && (next?.kind === 'term' || next?.kind === '(')) {
        this.corrections.push({ kind: 'operator', from: '', to: 'AND', offset: next.offset });
      } else break;
      const more = operand();
      if (joiner && (!more || operands.length === 0)) this.drop(joiner, false);
      if (more) operands.push(more);
    }
    if (operands.length === 0) return null;
    return op === 'AND' ? allOf(operands) : anyOf(operands);
  }

  private primary(): SpdxExpression | null {
    const item = this.items[this.at];
    if (!item || item.kind === ')' || item.kind === 'OR') return null;
    if (item.kind === 'AND' || item.kind === 'WITH') {
      this.at++;
      this.drop(item, false);
      return this.primary();
    }
    this.at++;
    if (item.kind === '(') return this.openGroup(item);
    if (item.kind !== 'term') return null;
    const license = this.license(item);
    const withItem = this.items[this.at];
    if (withItem?.kind !== 'WITH') return license;
    this.at++;
    const exception = this.items[this.at];
    if (exception?.kind !== 'term') {
      this.drop(withItem, false);
      return license;
    }
    this.at++;
    return this.withException(license, exception);
  }

  private openGroup(open: LenientToken): SpdxExpression | null {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw spdxError(
        'ERR_OSPO_SPDX_TOO_COMPLEX',
        `parentheses nest deeper than ${MAX_EXPRESSION_DEPTH}`,
        this.text,
        open.offset,
      );
    }
    const inner = this.disjunction();
    this.depth--;
    const close = this.items[this.at];
    if (close?.kind === ')') this.at++;
    else
      this.corrections.push({ kind: 'syntax', from: '', to: ')', offset: close?.offset ?? this.text.length });
    if (!inner) this.corrections.push({ kind: 'syntax', from: '()', to: '', offset: open.offset });
    const withItem = this.items[this.at];
    if (withItem?.kind === 'WITH') {
      // WITH applies to one license; attaching it to a group would be a guess, so it is dropped
      this.at++;
      this.drop(withItem, false);
      const exception = this.items[this.at];
      if (exception?.kind === 'term') {
        this.at++;
        this.drop(exception, false);
      }
    }
    return inner;
  }

  private withException(license: SpdxExpression, item: LenientToken & { kind: 'term' }): SpdxExpression {
    const direct = isAdditionRef(item.text)
      ? { expression: item.text, guess: false }
      : exceptionFromName(item.text);
    if (license.type !== 'license' || license.exception !== undefined || !direct) {
      if (!direct && this.unknown === 'throw') {
        throw spdxError(
          'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION',
          `cannot read exception "${item.source}"`,
          this.text,
          item.offset,
        );
      }
      if (!direct) this.unrecognized.push(item.source);
      this.drop(item, false);
      return license;
    }
    if (direct.expression !== item.source) {
      const kind = direct.guess
        ? 'guess'
        : direct.expression.toLowerCase() === item.source.toLowerCase()
          ? 'case'
          : 'name';
      this.corrections.push({ kind, from: item.source, to: direct.expression, offset: item.offset });
    }
    return licenseTerm(license.license, { plus: license.plus, exception: direct.expression });
  }

  private license(item: LenientToken & { kind: 'term' }): SpdxExpression {
    const found = readTerm(item.text, this.dual);
    if (!found) {
      if (this.unknown === 'throw') {
        throw spdxError(
          'ERR_OSPO_SPDX_UNKNOWN_LICENSE',
          `cannot read "${item.source}" as a license`,
          this.text,
          item.offset,
        );
      }
      this.unrecognized.push(item.source);
      this.corrections.push({ kind: 'unknown', from: item.source, to: UNKNOWN_LICENSE, offset: item.offset });
      return licenseTerm(UNKNOWN_LICENSE);
    }
    const to = renderExpression(normalizeExpression(found.expression));
    if (to !== item.source) {
      const asFound = renderExpression(found.expression);
      const sameLetters = asFound.toLowerCase() === item.source.toLowerCase();
      const kind =
        found.kind !== 'exact'
          ? found.kind
          : !sameLetters
            ? item.spelled
              ? 'name'
              : 'syntax'
            : asFound === item.source
              ? 'deprecated'
              : 'case';
      this.corrections.push({ kind, from: item.source, to, offset: item.offset });
    }
    return found.expression;
  }

  private drop(item: LenientToken, advance = true): void {
    if (advance) this.at++;
    this.corrections.push({ kind: 'syntax', from: item.source, to: '', offset: item.offset });
  }
}
