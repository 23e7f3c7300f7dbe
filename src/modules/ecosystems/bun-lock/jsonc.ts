/**
 * JSONC to JSON: comments and trailing commas outside strings become spaces, so every remaining
 * character keeps its offset and a JSON syntax error still points at the right line and column.
 */
export function stripJsonc(text: string): string {
  const out = text.split('');
  let i = 0;
  /** Offset of the last comma seen outside strings, until a value or a closing bracket follows. */
  let pendingComma = -1;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '"') {
      pendingComma = -1;
      i = skipString(text, i);
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') blank(out, i++);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      while (i < stop) blank(out, i++);
    } else if (c === ',') {
      pendingComma = i++;
    } else if (c === ']' || c === '}') {
      if (pendingComma >= 0) out[pendingComma] = ' ';
      pendingComma = -1;
      i++;
    } else {
      if (c !== undefined && !/\s/.test(c)) pendingComma = -1;
      i++;
    }
  }
  return out.join('');
}

/** Offset just past the string that opens at `start`, or the end of the text when it never closes. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n')
      return i; // JSON strings cannot span lines; let the parser report it
    else i++;
  }
  return i;
}

function blank(out: string[], i: number): void {
  if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
}
