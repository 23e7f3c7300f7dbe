/**
 * An OSV record as the rows the store keeps of it, each as the JSON object text of one row of the
 * store's batch documents: one `advisories` row (the record kept whole, as it was read, deflated) and one
 * `advisory_affected` row per affected entry, carrying what matching reads of the record. Written by
 * hand, not with JSON.stringify of objects, so that the record's own text goes in unchanged. Kept here,
 * apart from the store, so that an import can build the rows off the thread that writes them.
 */

import { deflateRawSync } from 'node:zlib';

export interface AdvisoryFacts {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  aliases: string[];
  summary: string | null;
  severity: unknown[];
  affected: readonly {
    /** The ecosystem without its release suffix (`Debian` of `Debian:12`). */
    ecosystem: string;
    ecosystemFull: string;
    /** Normalized as the ecosystem compares names (PyPI per PEP 503). */
    name: string;
    ranges: unknown[];
    versions: string[];
  }[];
}

export interface AdvisoryRows {
  id: string;
  /** The `advisories` row. */
  advisory: string;
  /** The `advisory_affected` rows, in the record's order. */
  affected: string[];
  /**
   * What the match index keeps of the rows (core/match-index.ts), made when asked for (`match`): each
   * row's package key and match tuple text, none for a withdrawn record. The parse worker keeps them
   * and sends the rows without.
   */
  match?: { keys: string[]; tuples: string[] };
}

/** A JSON value for a text that may be null. */
function json(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/**
 * The rows of one record; `recordText` is the record as read (valid JSON), `deflated` that text as a
 * raw deflate stream when there is one already (a zip entry's). The store keeps the record as those
 * bytes: no JSON to parse or compress again inside the database, and the text comes back exactly.
 */
export function advisoryRows(
  facts: AdvisoryFacts,
  recordText: string,
  options: { deflated?: Buffer | undefined; match?: boolean } = {},
): AdvisoryRows {
  const id = JSON.stringify(facts.id);
  const modified = JSON.stringify(facts.modified);
  const withdrawn = json(facts.withdrawn);
  const aliases = JSON.stringify(facts.aliases);
  const summary = json(facts.summary);
  const severity = JSON.stringify(facts.severity);
  const record = (options.deflated ?? deflateRawSync(recordText)).toString('base64');
  const advisory = `{"id":${id},"modified":${modified},"published":${json(facts.published)},"withdrawn":${withdrawn},"aliases":${aliases},"summary":${summary},"severity":${severity},"record_deflated":"${record}"}`;
  // what matching reads of the advisory, the same on each of its rows
  const shared = `"advisory_id":${id},"modified":${modified},"withdrawn":${withdrawn},"aliases":${aliases},"summary":${summary},"severity":${severity}`;
  const affected: string[] = [];
  const keys: string[] = [];
  const tuples: string[] = [];
  const match = options.match === true && facts.withdrawn === null;
  // as the store hands rows out for matching (MatchTuple), the severity list as its JSON text
  const tail = match ? `${aliases},${summary},${JSON.stringify(severity)}]` : '';
  for (let ordinal = 0; ordinal < facts.affected.length; ordinal++) {
    const a = facts.affected[ordinal] as AdvisoryFacts['affected'][number];
    const ecosystem = JSON.stringify(a.ecosystem);
    const full = JSON.stringify(a.ecosystemFull);
    const name = JSON.stringify(a.name);
    const ranges = JSON.stringify(a.ranges);
    const versions = JSON.stringify(a.versions);
    affected.push(
      `{${shared},"ordinal":${ordinal},"ecosystem":${ecosystem},"ecosystem_full":${full},"name":${name},"ranges":${ranges},"versions":${versions}}`,
    );
    if (!match) continue;
    keys.push(`[${ecosystem},${name}]`);
    tuples.push(`[${id},${ecosystem},${full},${name},${ranges},${versions},${tail}`);
  }
  return options.match
    ? { id: facts.id, advisory, affected, match: { keys, tuples } }
    : { id: facts.id, advisory, affected };
}

/** What matching reads of an affected entry of a record that is not withdrawn. */
export interface AffectedMatchRow {
  advisoryId: string;
  ecosystem: string;
  ecosystemFull: string;
  name: string;
  ranges: unknown[];
  versions: string[];
  aliases: string[];
  summary: string | null;
  severity: unknown[];
}

/**
 * One affected row as the store hands rows out for matching, in a JSON array of these (the advisory
 * repository's `affectedToMatchTexts`): advisory id, ecosystem, full ecosystem, name, ranges, versions,
 * aliases, summary, and the severity list as its JSON text.
 */
export type MatchTuple = [
  string,
  string,
  string,
  string,
  unknown[],
  string[],
  string[],
  string | null,
  string,
];

/** `read` of a text, worked out once per distinct text (one value shared by every caller with it). */
export function readOnce<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = read(text);
      known.set(text, value);
    }
    return value;
  };
}

/**
 * The rows of one chunk of match tuples. `severity` reads a severity text: one made by readOnce for a
 * whole matching run gives rows with the same list one shared array (scored once, told apart by
 * identity).
 */
export function matchRowsOf(text: string, severity: (text: string) => unknown[]): AffectedMatchRow[] {
  const tuples = JSON.parse(text) as MatchTuple[];
  const rows: AffectedMatchRow[] = new Array(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const r = tuples[i] as MatchTuple;
    rows[i] = {
      advisoryId: r[0],
      ecosystem: r[1],
      ecosystemFull: r[2],
      name: r[3],
      ranges: r[4],
      versions: r[5],
      aliases: r[6],
      summary: r[7],
      severity: severity(r[8]),
    };
  }
  return rows;
}

/**
 * The packages of a matching read in chunks: one ecosystem each, at most `perChunk` names, in the order
 * the ecosystems first come (the store's queries and the match index hand out chunks alike).
 */
export function matchChunks(
  packages: readonly { ecosystem: string; name: string }[],
  perChunk: number,
): { ecosystem: string; names: string[] }[] {
  const byEcosystem = new Map<string, string[]>();
  for (const p of packages) {
    const names = byEcosystem.get(p.ecosystem);
    if (names) names.push(p.name);
    else byEcosystem.set(p.ecosystem, [p.name]);
  }
  const chunks: { ecosystem: string; names: string[] }[] = [];
  for (const [ecosystem, names] of byEcosystem) {
    for (let i = 0; i < names.length; i += perChunk)
      chunks.push({ ecosystem, names: names.slice(i, i + perChunk) });
  }
  return chunks;
}

/** The rows of chunks of match tuples, rows with the same severity text sharing one list. */
export async function* matchRowChunks(texts: AsyncIterable<string>): AsyncGenerator<AffectedMatchRow[]> {
  const severity = readOnce((text) => JSON.parse(text) as unknown[]);
  for await (const text of texts) yield matchRowsOf(text, severity);
}
