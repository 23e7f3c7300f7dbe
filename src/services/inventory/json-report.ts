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
    const lines = key === 'dependencies' ? edgeLines : key === 'packages' ? packageLines() : otherLines;
    for (let start = 0; start < items.length; start += BATCH) {
      buffer += lines(items, start, Math.min(items.length, start + BATCH));
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += items.length > 0 ? '\n]' : ']';
  }
  yield `${buffer}\n}\n`;
}

/** Items are written in batches: one escape test for a whole batch's strings instead of one per string. */
const BATCH = 4096;

type Lines = (items: readonly unknown[], start: number, end: number) => string;

const otherLines: Lines = (items, start, end) => {
  let text = '';
  for (let j = start; j < end; j++) text += `${j > 0 ? ',' : ''}\n  ${JSON.stringify(items[j])}`;
  return text;
};

/** Edges come sorted by the purl they start from: that part of the line is made once per run. */
const edgeLines: Lines = (items, start, end) => {
  let probe = '';
  for (let j = start; j < end; j++) {
    const edge = items[j] as DependencyEdge;
    probe += edge.from;
    probe += edge.to;
  }
  const q = unsafe(probe) ? quote : wrap;
  let text = '';
  let from: string | undefined;
  let head = '';
  for (let j = start; j < end; j++) {
    const edge = items[j] as DependencyEdge;
    if (edge.from !== from) {
      from = edge.from;
      head = `{"from":${q(from)},"to":`;
    }
    text += `${j > 0 ? ',\n  ' : '\n  '}${head}${q(edge.to)}}`;
  }
  return text;
};

function packageLines(): Lines {
  const locations = new Map<object, string>();
  const careful = writePackage(quote, locations);
  const fast = writePackage(wrap, locations);
  return (items, start, end) => {
    let probe = '';
    for (let j = start; j < end; j++) {
      const p = items[j] as InventoryPackage;
      probe += p.ecosystem;
      probe += p.name;
      probe += p.version;
      probe += p.purl;
      probe += p.scope;
    }
    const write = unsafe(probe) ? careful : fast;
    let text = '';
    for (let j = start; j < end; j++) text += `${j > 0 ? ',' : ''}\n  ${write(items[j])}`;
    return text;
  };
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
  return writePackage(quote, new Map());
}

/** `q` quotes the package's own strings; `locationJson` caches each location's JSON. */
function writePackage(q: (text: string) => string, locationJson: Map<object, string>) {
  return (value: unknown): string => {
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
    const version = p.version === null ? 'null' : q(p.version);
    const direct = p.direct === null ? 'null' : p.direct ? 'true' : 'false';
    const licenses = p.licenses.length > 0 ? JSON.stringify(p.licenses) : '[]';
    return `{"ecosystem":${q(p.ecosystem)},"name":${q(p.name)},"version":${version},"purl":${q(p.purl)},"scope":${q(p.scope)},"direct":${direct},"locations":[${locations}],"licenses":${licenses}}`;
  };
}

function quote(text: string): string {
  return unsafe(text) ? JSON.stringify(text) : `"${text}"`;
}

/** For strings known to need no escaping. */
function wrap(text: string): string {
  return `"${text}"`;
}
