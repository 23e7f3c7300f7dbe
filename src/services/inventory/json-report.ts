import type { ScanReport } from './report.js';

/**
 * The scan report as JSON text, in chunks of about a megabyte, one array item per line: large
 * inventories are written without ever holding the whole document in one string.
 */
export function* jsonReportChunks(report: ScanReport): Generator<string> {
  const sections = ['packages', 'dependencies', 'files', 'errors'] as const;
  let buffer = '{';
  for (const [i, key] of sections.entries()) {
    buffer += `${i > 0 ? ',' : ''}\n"${key}": [`;
    const items: readonly unknown[] = report[key];
    for (let j = 0; j < items.length; j++) {
      buffer += `${j > 0 ? ',' : ''}\n  ${JSON.stringify(items[j])}`;
      if (buffer.length >= 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += items.length > 0 ? '\n]' : ']';
  }
  yield `${buffer}\n}\n`;
}
