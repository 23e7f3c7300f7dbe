import { spdxIdentifiers } from './spdx-ids.js';

/** What a declared license string is, for formats that tell identifiers, expressions and names apart. */
export type LicenseKind =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'name'; name: string };

export function classifyLicense(text: string): LicenseKind {
  const expression = normalizeSpdxExpression(text);
  if (expression === null) return { kind: 'name', name: text.trim() };
  if (spdxIdentifiers.has(expression.toLowerCase())) return { kind: 'id', id: expression };
  return { kind: 'expression', expression };
}

/** An SPDX expression with canonical identifiers and upper-case operators, or null when it is not one. */
export function normalizeSpdxExpression(text: string): string | null {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return null;
  const parser = new Parser(tokens);
  const ok = parser.expression() && parser.done();
  return ok ? render(parser.out) : null;
}

/** Several declared licenses as one SPDX expression (all of them apply), or null when one is not valid. */
export function combineLicenses(licenses: readonly string[]): string | null {
  const parts: string[] = [];
  for (const license of licenses) {
    const expression = normalizeSpdxExpression(license);
    if (expression === null) return null;
    parts.push(licenses.length > 1 && / (AND|OR|WITH) /.test(expression) ? `(${expression})` : expression);
  }
  return parts.length ? [...new Set(parts)].join(' AND ') : null;
}

const operators = new Set(['AND', 'OR', 'WITH']);

function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|[A-Za-z0-9.\-+:]+)\s*/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match?.[1]) return text.slice(at).trim() === '' ? tokens : null;
    const upper = match[1].toUpperCase();
    tokens.push(operators.has(upper) ? upper : match[1]);
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Recursive descent over `or := and (OR and)*`, `and := atom (AND atom)*`, `atom := ( or ) | id [WITH id]`. */
class Parser {
  readonly out: string[] = [];
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  expression(): boolean {
    if (!this.conjunction()) return false;
    while (this.peek() === 'OR') {
      this.out.push(this.next());
      if (!this.conjunction()) return false;
    }
    return true;
  }

  private conjunction(): boolean {
    if (!this.atom()) return false;
    while (this.peek() === 'AND') {
      this.out.push(this.next());
      if (!this.atom()) return false;
    }
    return true;
  }

  private atom(): boolean {
    if (this.peek() === '(') {
      this.out.push(this.next());
      if (!this.expression() || this.peek() !== ')') return false;
      this.out.push(this.next());
      return true;
    }
    const license = canonicalLicense(this.next());
    if (!license) return false;
    this.out.push(license);
    if (this.peek() !== 'WITH') return true;
    this.out.push(this.next());
    const exception = spdxIdentifiers.get(this.next().toLowerCase());
    if (!exception) return false;
    this.out.push(exception);
    return true;
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private next(): string {
    return this.tokens[this.at++] ?? '';
  }
}

function canonicalLicense(token: string): string | null {
  if (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token)) return token;
  const plus = token.endsWith('+');
  const known = spdxIdentifiers.get((plus ? token.slice(0, -1) : token).toLowerCase());
  return known ? `${known}${plus ? '+' : ''}` : null;
}

function render(tokens: string[]): string {
  return tokens.join(' ').replaceAll('( ', '(').replaceAll(' )', ')');
}
