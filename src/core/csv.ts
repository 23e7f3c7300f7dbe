/**
 * CSV as RFC 4180 has it (CRLF line ends, fields with quotes, commas or line breaks quoted, quotes
 * doubled), made safe to open in a spreadsheet: a cell that starts like a formula gets a leading `'`, as
 * OWASP's CSV-injection advice says, so `=HYPERLINK(...)` from a user-chosen name stays text.
 */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map((cell) => csvCell(cell)).join(',')}\r\n`;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** What spreadsheets read as the start of a formula (tab and carriage return too, after OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
