import { copyrightKey } from './corpus.js';
import { isCopyrightLine, splitCopyrightLine } from './normalize.js';

/** Most statements reported for one file: a NOTICE of a large distribution can list thousands. */
const MAX_STATEMENTS = 200;

/**
 * Copyright statements, one per line that holds one, cleaned of comment markers, as written otherwise.
 * Left out: template placeholders (`Copyright <year> <owner>`), and the license texts' own notices
 * (the FSF's copyright on the GPL text is not the project's).
 */
export function findCopyrights(text: string, ownCopyrights: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (found.length >= MAX_STATEMENTS) break;
    if (!MAYBE.test(raw)) continue;
    const statement = statementOf(raw);
    if (!statement || PLACEHOLDER.test(statement)) continue;
    const key = copyrightKey(statement);
    if (key.length === 0 || seen.has(key) || ownCopyrights.has(key)) continue;
    seen.add(key);
    found.push(statement);
  }
  return found;
}

function statementOf(line: string): string | null {
  if (isCopyrightLine(line)) return clean(splitCopyrightLine(line)[0].replace(LEADING_MARKERS, ''));
  const symbol = line.indexOf('©');
  if (symbol > 0 && /\p{L}/u.test(line.slice(symbol + 1))) return clean(line.slice(symbol));
  return null;
}

function clean(statement: string): string | null {
  const text = statement.replace(TRAILING_MARKERS, '').replace(/\s+/g, ' ').trim();
  if (text.length < 6 || !/[\p{L}\d]/u.test(text.replace(/^(?:copyright|\(c\)|©)/i, ''))) return null;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

const MAYBE = /copyright|\(c\)|©/i;
const LEADING_MARKERS = /^[\s#*/;!%>|=+-]*/;
const TRAILING_MARKERS = /\s*(?:\*\/|-->|\*\)|#\}|%>|\?>|"""|''')\s*$/;
const PLACEHOLDER =
  /<\s*(?:year|yyyy|owner|copyright|name|author|holder|organization)[^>]*>|\[\s*(?:year|yyyy|name|owner|copyright|fullname|author)[^\]]*\]|\byyyy\b|\bYEAR\b.*\bAUTHOR\b|\{\{\s*\w+\s*\}\}|\$\{\w+\}/i;
