import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import type { ScanReport } from './report.js';

/** About a megabyte of text per chunk. */
const CHUNK = 1 << 20;

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
    if (key === 'dependencies') {
      // edges come sorted by the purl they start from: that part of the line is made once per run
      let from: string | undefined;
      let head = '';
      for (let j = 0; j < items.length; j++) {
        const edge = items[j] as DependencyEdge;
        if (edge.from !== from) {
          from = edge.from;
          head = `{"from":${quote(from)},"to":`;
        }
        const to = edge.to;
        const line = unsafe(to) ? `${head}${JSON.stringify(to)}}` : `${head}"${to}"}`;
        buffer += j > 0 ? `,\n  ${line}` : `\n  ${line}`;
        if (buffer.length >= CHUNK) {
          yield buffer;
          buffer = '';
        }
      }
    } else {
      const write = key === 'packages' ? packageWriter() : JSON.stringify;
      for (let j = 0; j < items.length; j++) {
        buffer += `${j > 0 ? ',' : ''}\n  ${write(items[j])}`;
        if (buffer.length >= CHUNK) {
          yield buffer;
          buffer = '';
        }
      }
    }
    buffer += items.length > 0 ? '\n]' : ']';
  }
  yield `${buffer}\n}\n`;
}

/**
 * Needs JSON escaping: quotes, backslashes, control characters, surrogates (lone ones are escaped;
 * paired ones need none, but JSON.stringify writes them right all the same). A regular expression
 * scans faster than a loop over char codes.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

function unsafe(text: string): boolean {
  return needsEscape.test(text);
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
    const direct = p.direct === null ? 'null' : p.direct ? 'true' : 'false';
    const licenses = p.licenses.length > 0 ? JSON.stringify(p.licenses) : '[]';
    return `{"ecosystem":${quote(p.ecosystem)},"name":${quote(p.name)},"version":${version},"purl":${quote(p.purl)},"scope":${quote(p.scope)},"direct":${direct},"locations":[${locations}],"licenses":${licenses}}`;
  };
}

function quote(text: string): string {
  return unsafe(text) ? JSON.stringify(text) : `"${text}"`;
}
