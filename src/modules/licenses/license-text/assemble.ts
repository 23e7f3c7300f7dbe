import {
  type LicenseMatch,
  MODIFIED_LICENSE_REF_PREFIX,
  UNKNOWN_LICENSE_REF,
} from '../../../core/licenses.js';
import type { TextMatch } from './match.js';
import type { Reference } from './references.js';

export interface Assembled {
  expression: string | null;
  confidence: number;
  matches: LicenseMatch[];
}

interface Term {
  expression: string;
  confidence: number;
}

export interface UnknownText {
  startLine: number;
  endLine: number;
}

/**
 * One expression for a file from what was found in it. A statement ("either of A or B") says how
 * the licenses it names combine and stands for their texts; texts no statement names are ANDed;
 * `-only` texts become `-or-later` where a notice says so; an exception text goes WITH the GNU
 * license beside it. Modified texts and unknown license text become `LicenseRef-ospo-*` terms.
 */
export function assemble(texts: TextMatch[], references: Reference[], unknown: UnknownText[]): Assembled {
  const matches: LicenseMatch[] = [];
  const terms: Term[] = [];
  const named = new Set(references.flatMap((r) => r.ids));
  for (const reference of references) {
    addTerm(terms, { expression: reference.expression, confidence: reference.confidence });
    matches.push(match(reference.expression, reference.kind, 1, lineRange(reference)));
  }
  const exceptions: string[] = [];
  for (const text of texts) {
    const ids = [text.text.id, ...text.text.twins];
    const namedAs = ids.find((id) => named.has(id));
    const id = namedAs ?? text.text.id;
    matches.push(match(id, text.text.kind === 'exception' ? 'exception' : 'text', text.coverage, text));
    if (!text.exact) {
      addTerm(terms, {
        expression: `${MODIFIED_LICENSE_REF_PREFIX}${text.text.id}`,
        confidence: round(Math.min(0.5, text.score / 2)),
      });
      continue;
    }
    if (text.text.kind === 'exception') {
      exceptions.push(text.text.id);
      continue;
    }
    if (namedAs === undefined)
      addTerm(terms, { expression: text.text.expression, confidence: round(text.score) });
  }
  for (const u of unknown) {
    addTerm(terms, { expression: UNKNOWN_LICENSE_REF, confidence: 0.2 });
    matches.push(match(UNKNOWN_LICENSE_REF, 'text', 0, u));
  }
  for (const exception of exceptions) {
    const base = terms.find((t) => GNU.test(t.expression) && !t.expression.includes(' '));
    if (base) base.expression = `${base.expression} WITH ${exception}`;
  }
  if (terms.length === 0) return { expression: null, confidence: exceptions.length > 0 ? 0.5 : 1, matches };
  const expression =
    terms.length === 1
      ? (terms[0]?.expression ?? null)
      : terms
          .map((t) => (/ (?:OR|AND) /.test(t.expression) ? `(${t.expression})` : t.expression))
          .join(' AND ');
  return { expression, confidence: Math.min(...terms.map((t) => t.confidence)), matches };
}

const GNU = /^(?:A|L)?GPL-/;

function addTerm(terms: Term[], term: Term): void {
  const same = terms.find((t) => t.expression === term.expression);
  if (same) same.confidence = Math.max(same.confidence, term.confidence);
  else terms.push(term);
}

function match(
  id: string,
  kind: LicenseMatch['kind'],
  coverage: number,
  at: { startLine: number; endLine: number },
): LicenseMatch {
  return { id, kind, coverage: round(coverage), startLine: at.startLine, endLine: at.endLine };
}

function lineRange(reference: Reference): { startLine: number; endLine: number } {
  return { startLine: reference.startLine, endLine: reference.endLine };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
