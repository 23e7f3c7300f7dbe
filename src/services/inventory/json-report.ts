import type { DependencyEdge, InventoryPackage } from '../../core/inventory.js';
import { scopeCodes } from './compact.js';
import { edgeThreadsAvailable, threadedEdgeBytes } from './edge-threads.js';
import type { MergedInventory } from './merge.js';
import { inventoryBehind, type ScanReport } from './report.js';

/** About a megabyte of text per chunk. */
const CHUNK = 1 << 20;

const sections = ['packages', 'dependencies', 'files', 'errors'] as const;
type Section = (typeof sections)[number];

/** What the sections of one report share: the sink, and the purls as JSON once they are needed. */
interface Writing {
  report: ScanReport;
  behind: ReturnType<typeof inventoryBehind>;
  sink: Sink;
  purls?: PurlTable;
}

/**
 * The scan report as JSON, UTF-8 encoded, in chunks of about a megabyte that each end between two
 * items. A scan's packages and edges are written from the merged inventory's numbers (each purl quoted
 * once, no object per package or edge) as long as the report's arrays have not been built; the text
 * goes into the chunk's buffer a few dozen kilobytes at a time, not through the stream's encoding of
 * megabyte strings. With `reuse`, a chunk is valid only until the next is asked for (see jsonReportChunks).
 */
export function* jsonReportBytes(report: ScanReport, reuse = false): Generator<Buffer> {
  const w: Writing = { report, behind: inventoryBehind(report), sink: new Sink(CHUNK + SLACK, reuse) };
  w.sink.text('{');
  for (const key of sections) yield* section(w, key);
  w.sink.text('\n}\n');
  yield w.sink.take();
}

/** Fewer edges than this are not worth starting threads for. */
const EDGES_FOR_THREADS = 50_000;

/**
 * jsonReportBytes with the edges sorted and written by up to `threads` report threads while this one
 * writes the packages; the same bytes. Without threads (0, or running from the TypeScript sources), or
 * for a small or already sorted inventory, it is jsonReportBytes. With `reuse`, each chunk is valid
 * only until the next is asked for (its memory is written over then): a writer that is done with each
 * chunk before taking the next saves allocating, and later collecting, hundreds of megabytes.
 */
export async function* jsonReportChunks(
  report: ScanReport,
  options: { threads: number; reuse?: boolean },
): AsyncGenerator<Buffer> {
  const reuse = options.reuse === true;
  const behind = inventoryBehind(report);
  const inventory = behind.dependencies;
  const threads = Math.min(4, Math.floor(options.threads));
  if (
    !inventory ||
    threads < 1 ||
    inventory.edgesSorted ||
    inventory.columns.edgePairs.length / 2 < EDGES_FOR_THREADS ||
    !edgeThreadsAvailable()
  ) {
    yield* jsonReportBytes(report, reuse);
    return;
  }
  const w: Writing = { report, behind, sink: new Sink(CHUNK + SLACK, reuse) };
  w.purls = purlTable(inventory);
  const edges = threadedEdgeBytes(inventory, w.purls, threads);
  try {
    // the threads start (and sort) while the packages are written
    const first = edges.next();
    w.sink.text('{');
    yield* section(w, 'packages');
    w.sink.text(',\n"dependencies": [');
    yield w.sink.take();
    let wrote = false;
    for (let piece = await first; !piece.done; piece = await edges.next()) {
      let bytes = piece.value;
      // every line starts with a comma but the first
      if (!wrote) bytes = bytes.subarray(1);
      wrote = true;
      // a view of the thread's slot, given back when the next piece is asked for
      yield reuse ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
    }
    w.sink.text(wrote ? '\n]' : ']');
    yield* section(w, 'files');
    yield* section(w, 'errors');
    w.sink.text('\n}\n');
    yield w.sink.take();
  } finally {
    // stops the threads if the writing stopped half-way
    await edges.return(undefined);
  }
}

/** One section of the report, from its key to its closing bracket; full chunks on the way. */
function* section(w: Writing, key: Section): Generator<Buffer> {
  const { sink, report } = w;
  sink.text(`${key !== 'packages' ? ',' : ''}\n"${key}": [`);
  const inventory = key === 'packages' || key === 'dependencies' ? w.behind[key] : null;
  if (inventory) {
    w.purls ??= purlTable(inventory);
    const write = key === 'packages' ? packageWriterOf(inventory, w.purls) : edgeWriterOf(inventory, w.purls);
    const count = key === 'packages' ? inventory.packageCount : inventory.edgeCount;
    for (let next = 0; next < count; ) {
      next = write(sink, next);
      if (sink.pos >= CHUNK) yield sink.take();
    }
    sink.text(count > 0 ? '\n]' : ']');
    return;
  }
  const items: readonly unknown[] = report[key];
  const lines = key === 'dependencies' ? edgeLines : key === 'packages' ? packageLines() : otherLines;
  for (let start = 0; start < items.length; start += BATCH) {
    sink.text(lines(items, start, Math.min(items.length, start + BATCH)));
    if (sink.pos >= CHUNK) yield sink.take();
  }
  sink.text(items.length > 0 ? '\n]' : ']');
}

/** Room past a chunk's end, so that one more batch rarely needs the buffer to grow. */
const SLACK = 1 << 18;

/**
 * Text is encoded a few dozen kilobytes at a time: a short string built of many pieces is flattened
 * and encoded while it is still in the processor's cache.
 */
const PIECE = 1 << 16;

/** A buffer being filled; with `reuse`, filled again once taken. */
class Sink {
  buf: Buffer;
  pos = 0;

  constructor(
    private readonly size: number,
    private readonly reuse = false,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Any text, UTF-8 encoded. */
  text(text: string): void {
    if (this.pos + text.length * 3 > this.buf.length) {
      const need = this.pos + Buffer.byteLength(text);
      if (need > this.buf.length) {
        const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need));
        this.buf.copy(next, 0, 0, this.pos);
        this.buf = next;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** What was written; the sink goes on in a new buffer, or with `reuse` in the same one. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    if (!this.reuse) this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }
}

/**
 * Strings ready to go into JSON, with one escape test for all of them: when none needs escaping (as
 * purls, names and versions hardly ever do) they are the strings themselves and `open` is the quote
 * to put on either side, which saves a quoted copy of each; otherwise they are each quoted (with
 * JSON.stringify where needed) and `open` is empty.
 */
export interface JsonStrings {
  values: readonly string[];
  open: '"' | '';
  /** With no quotes to add: the values joined (made for the escape test), for whoever needs them so. */
  joined?: string;
}

export function jsonStrings(values: readonly string[]): JsonStrings {
  const joined = values.join('');
  if (!unsafe(joined)) return { values, open: '"', joined };
  const out: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = quote(values[i] as string);
  return { values: out, open: '' };
}

/** Every purl of an inventory, by rank, ready for JSON. */
type PurlTable = JsonStrings;

function purlTable(inventory: MergedInventory): PurlTable {
  const { order, purls } = inventory.columns;
  const inOrder: string[] = new Array(order.length);
  for (let r = 0; r < order.length; r++) inOrder[r] = purls[order[r] as number] as string;
  return jsonStrings(inOrder);
}

/** Writes items from `next` on until the chunk is full or all are written; gives the next item's index. */
type ItemWriter = (sink: Sink, next: number) => number;

/** Edges from the inventory's ranks, as edgeLines writes them. */
function edgeWriterOf(inventory: MergedInventory, table: PurlTable): ItemWriter {
  const { from: edgeFrom, to: edgeTo } = inventory.sortedEdges();
  const { values: purls, open: q } = table;
  const close = `${q}}`;
  let head = '';
  let headOf = -1;
  return (sink, next) => {
    const end = edgeFrom.length;
    let text = '';
    let i = next;
    for (; i < end && sink.pos < CHUNK; i++) {
      const f = edgeFrom[i] as number;
      if (f !== headOf) {
        headOf = f;
        head = `{"from":${q}${purls[f]}${q},"to":${q}`;
      }
      text += `${i > 0 ? ',\n  ' : '\n  '}${head}${purls[edgeTo[i] as number]}${close}`;
      if (text.length >= PIECE) {
        sink.text(text);
        text = '';
      }
    }
    sink.text(text);
    return i;
  };
}

/** Packages from the inventory's columns, as packageWriter writes the objects they stand for. */
function packageWriterOf(inventory: MergedInventory, table: PurlTable): ItemWriter {
  const c = inventory.columns;
  const count = c.packageRanks.length;
  const nameOf: string[] = new Array(count);
  const versionOf: string[] = [];
  for (let k = 0; k < count; k++) {
    const g = c.order[c.packageRanks[k] as number] as number;
    nameOf[k] = c.name[g] as string;
    const v = c.version[g];
    if (v !== null && v !== undefined) versionOf.push(v);
  }
  const { values: purls, open: pq } = table;
  const { values: names, open: nq } = jsonStrings(nameOf);
  const quoted = jsonStrings(versionOf);
  const { open: vq } = quoted;
  /** By package: its version as JSON without the quotes `vq` adds, or null. */
  const versions: (string | null)[] = new Array(count);
  for (let k = 0, j = 0; k < count; k++) {
    const v = c.version[c.order[c.packageRanks[k] as number] as number];
    versions[k] = v === null || v === undefined ? null : (quoted.values[j++] as string);
  }
  /** By scope code + 1 and direct + 1: from the purl's closing quote to the locations' `[`. */
  const middles: string[] = [];
  for (let s = 0; s <= scopeCodes.length; s++) {
    for (const d of [-1, 0, 1]) {
      const scope = JSON.stringify(scopeCodes[s - 1] ?? 'unknown');
      const direct = d === -1 ? 'null' : d === 1 ? 'true' : 'false';
      middles[s * 3 + d + 1] = `${pq},"scope":${scope},"direct":${direct},"locations":[`;
    }
  }
  const locationJson = c.files.map((f) => JSON.stringify(f));
  const { first: firstAt, next: nextAt, file: fileAt } = c.locations;
  const afterName = `${nq},"version":`;
  const afterVersion = `,"purl":${pq}`;
  const nullVersion = `null${afterVersion}`;
  const versionEnd = `${vq}${afterVersion}`;
  // packages come sorted by purl, so by ecosystem in runs: the line's head changes once per run
  let ecosystemOf: unknown;
  let head = '';
  return (sink, next) => {
    let text = '';
    let k = next;
    for (; k < count && sink.pos < CHUNK; k++) {
      const r = c.packageRanks[k] as number;
      const g = c.order[r] as number;
      const ecosystem = c.ecosystem[g];
      if (ecosystem !== ecosystemOf) {
        ecosystemOf = ecosystem;
        head = `{"ecosystem":${quote(String(ecosystem))},"name":${nq}`;
      }
      let locations = '';
      for (let e = firstAt[g] as number; e !== -1; e = nextAt[e] as number) {
        const json = locationJson[fileAt[e] as number] as string;
        locations = locations === '' ? json : `${locations},${json}`;
      }
      const declared = c.licenses[g];
      const licenses = declared && declared.length > 0 ? JSON.stringify(declared) : '[]';
      const middle = middles[(c.scope[g] as number) * 3 + (c.direct[g] as number) + 1];
      const v = versions[k];
      const version = v === null ? nullVersion : `${vq}${v}${versionEnd}`;
      text += `${k > 0 ? ',\n  ' : '\n  '}${head}${names[k]}${afterName}${version}${purls[r]}${middle}${locations}],"licenses":${licenses}}`;
      if (text.length >= PIECE) {
        sink.text(text);
        text = '';
      }
    }
    sink.text(text);
    return k;
  };
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
