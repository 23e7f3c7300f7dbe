/** One logical line of a requirements file: continuations joined, the comment cut off. */
export interface LogicalLine {
  /** 1-based number of its first physical line. */
  line: number;
  /** The line without its comment, trimmed; empty for blank and comment-only lines. */
  text: string;
  /** The pip-compile `# via` annotations that follow or end it (null: none). */
  via: string[] | null;
}

const COMMENT = /(^|\s+)#.*$/;

/**
 * The file's lines the way pip reads them: a line ending in `\` continues on the next (unless it is a
 * comment), then comments (`#` at the start or after whitespace) are dropped. pip-compile's `# via`
 * annotations are kept on the requirement they follow: inline (`# via a, b`), on the next line
 * (`    # via a`), or as a list (`    # via` then `    #   a` lines).
 */
export function logicalLines(content: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let viaList: string[] | null = null;
  for (const { line, raw } of joinContinuations(content)) {
    const comment = COMMENT.exec(raw);
    const text = raw.slice(0, comment ? comment.index : raw.length).trim();
    const note = comment ? comment[0].trim() : '';
    const last = out[out.length - 1];
    const via = /^#\s*via\b\s*(.*)$/.exec(note);
    if (text !== '') {
      viaList = null;
      const entries = via ? splitVia(via[1] ?? '') : null;
      out.push({ line, text, via: entries });
      if (via && entries?.length === 0) viaList = entries;
      continue;
    }
    if (via && last && last.text !== '' && last.via === null) {
      last.via = splitVia(via[1] ?? '');
      viaList = last.via.length === 0 ? last.via : null;
      continue;
    }
    const item = /^#\s{2,}(\S.*)$/.exec(note);
    if (viaList && item?.[1]) {
      viaList.push(item[1].trim());
      continue;
    }
    viaList = null;
    // anything else (a blank line, another comment) ends the requirement annotations attach to
    if (last && last.text !== '') out.push({ line, text: '', via: null });
  }
  return out;
}

function splitVia(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function* joinContinuations(content: string): Generator<{ line: number; raw: string }> {
  const lines = content.split(/\r\n|\n|\r/);
  let pending: string[] = [];
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const isComment = /^\s*#/.test(raw) || COMMENT.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      if (pending.length === 0) first = i + 1;
      pending.push(raw.slice(0, -1));
      continue;
    }
    if (pending.length > 0) {
      // pip keeps a comment that ends a continuation apart from the text before it
      pending.push(isComment ? ` ${raw}` : raw);
      yield { line: first, raw: pending.join('') };
      pending = [];
      continue;
    }
    yield { line: i + 1, raw };
  }
  if (pending.length > 0) yield { line: first, raw: pending.join('') };
}
