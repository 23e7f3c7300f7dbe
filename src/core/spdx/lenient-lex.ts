import type { Correction } from './correct.js';

/**
 * The lenient reader's tokens: what people put between license names (brackets, quotes, `&`, `|`,
 * `and/or`, operators in any case) read with its offset, and with a correction where it was not SPDX.
 */
export type LenientToken =
  | { kind: '(' | ')' | 'AND' | 'OR' | 'WITH'; offset: number; source: string }
  | { kind: 'term'; offset: number; source: string; text: string; spelled?: true };

/** How many tokens after an OR spell "later" ("or later", "or any later version", "or newer"); 0 if not. */
export function orLater(tokens: readonly LenientToken[], from: number): number {
  let i = from;
  const word = (pattern: RegExp) => {
    const token = tokens[i];
    return token?.kind === 'term' && pattern.test(token.source);
  };
  if (word(/^(?:any|a)$/i)) i++;
  if (!word(/^(?:later|newer|greater|higher|above)[.,]?$/i)) return 0;
  i++;
  if (word(/^(?:versions?|ones?)[.,]?$/i)) i++;
  return i - from;
}

const operatorWords = new Set(['AND', 'OR', 'WITH']);

/** Tokens with offsets; brackets, quotes and symbol operators are read here, with their corrections. */
export function lex(text: string, corrections: Correction[]): LenientToken[] {
  const items: LenientToken[] = [];
  const pattern = /(\s+)|(["'`“”‘’]+)|([([{])|([)\]}])|(&&?)|(\|\|?)|([^\s"'`“”‘’()[\]{}&|]+)/y;
  let at = 0;
  let quoted = false;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) break;
    const source = match[0];
    const offset = at;
    at = pattern.lastIndex;
    if (match[1]) continue;
    if (match[2]) {
      if (!quoted) corrections.push({ kind: 'syntax', from: source, to: '', offset });
      quoted = true;
    } else if (match[3] || match[4]) {
      const kind = match[3] ? '(' : ')';
      if (source !== kind) corrections.push({ kind: 'syntax', from: source, to: kind, offset });
      items.push({ kind, offset, source });
    } else if (match[5] || match[6]) {
      const kind = match[5] ? 'AND' : 'OR';
      corrections.push({ kind: 'operator', from: source, to: kind, offset });
      items.push({ kind, offset, source });
    } else items.push(word(source, offset, corrections));
  }
  return items;
}

function word(source: string, offset: number, corrections: Correction[]): LenientToken {
  const upper = source.toUpperCase();
  if (upper === 'AND/OR') {
    corrections.push({ kind: 'operator', from: source, to: 'OR', offset });
    return { kind: 'OR', offset, source };
  }
  if (!operatorWords.has(upper)) return { kind: 'term', offset, source, text: source };
  if (source !== upper && source !== source.toLowerCase()) {
    corrections.push({ kind: 'case', from: source, to: upper, offset });
  }
  return { kind: upper as 'AND' | 'OR' | 'WITH', offset, source };
}
