import type { DependencyEdge } from '../../core/inventory.js';
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
    const write = key === 'dependencies' ? edgeJson : JSON.stringify;
    for (let j = 0; j < items.length; j++) {
      buffer += `${j > 0 ? ',' : ''}\n  ${write(items[j])}`;
      if (buffer.length >= 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += items.length > 0 ? '\n]' : ']';
  }
  yield `${buffer}\n}\n`;
}

/** Needs JSON escaping: quotes, backslashes, control characters, surrogates (lone ones are escaped). */
function unsafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/**
 * An edge as JSON.stringify writes it, without its general machinery: purls are percent-encoded, so
 * nearly all need no escaping (a test compares the two on edges that do).
 */
export function edgeJson(value: unknown): string {
  const { from, to } = value as DependencyEdge;
  if (unsafe(from) || unsafe(to)) return JSON.stringify({ from, to });
  return `{"from":"${from}","to":"${to}"}`;
}
