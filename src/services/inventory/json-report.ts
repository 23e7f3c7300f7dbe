import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
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
    const write = key === 'dependencies' ? edgeJson : key === 'packages' ? packageWriter() : JSON.stringify;
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
  return `{"from":${quote(from)},"to":${quote(to)}}`;
}

const packageKeys = ['ecosystem', 'name', 'version', 'purl', 'scope', 'direct', 'locations', 'licenses'];

/**
 * Packages as JSON.stringify writes them, a few times faster: the scan's location objects are shared
 * by every package found in the same file, so each is written once. A package with other keys, or in
 * another order, goes through JSON.stringify.
 */
export function packageWriter(): (value: unknown) => string {
  const locationJson = new Map<object, string>();
  return (value) => {
    const p = value as InventoryPackage;
    const keys = Object.keys(p);
    if (keys.length !== packageKeys.length || keys.some((k, i) => k !== packageKeys[i]))
      return JSON.stringify(p);
    let locations = '';
    for (const location of p.locations) {
      let json = locationJson.get(location);
      if (json === undefined) {
        json = JSON.stringify(location);
        locationJson.set(location, json);
      }
      locations += locations ? `,${json}` : json;
    }
    const version = p.version === null ? 'null' : quote(p.version);
    const direct = p.direct === null ? 'null' : String(p.direct);
    const licenses = p.licenses.length > 0 ? JSON.stringify(p.licenses) : '[]';
    return `{"ecosystem":${quote(p.ecosystem)},"name":${quote(p.name)},"version":${version},"purl":${quote(p.purl)},"scope":${quote(p.scope)},"direct":${direct},"locations":[${locations}],"licenses":${licenses}}`;
  };
}

function quote(text: string): string {
  return unsafe(text) ? JSON.stringify(text) : `"${text}"`;
}
