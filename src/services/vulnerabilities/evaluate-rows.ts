import type { AffectedMatchRow } from '../../core/advisory-rows.js';
import type { VersionScheme } from '../../core/versioning.js';
import { versionSchemeFor } from '../../modules/versioning/index.js';
import { ParsedVersions } from './parsed-versions.js';
import { affectedEvaluator } from './ranges.js';

/** A package as matching evaluates it: its name as the ecosystem's advisories spell it. */
export interface MatchEntry {
  ecosystem: string;
  name: string;
  version: string;
}

/**
 * What evaluating one chunk of rows found, in the rows' order, then the entries' order. `R` is how a
 * row is carried: whole here, in a smaller form across threads and in findings.
 */
export interface ChunkResult<R = AffectedMatchRow> {
  /** The chunk's rows that hit or had a problem. */
  rows: R[];
  /** Pairs, flat: entry index, then the row's index in `rows`. */
  hits: number[];
  /** Each hit's fixed versions, in the order of `hits`. */
  fixed: string[][];
  /** Entry index, row index, code, message. */
  problems: [number, number, string, string][];
}

/** Entries by ecosystem, then name: their indexes, in the entries' order. */
export type KeyedEntries = Map<string, Map<string, number[]>>;

/** The entries keyed by (ecosystem, name), and each distinct pair once, in the order first seen. */
export function keyEntries(entries: readonly MatchEntry[]): {
  keyed: KeyedEntries;
  pairs: { ecosystem: string; name: string }[];
} {
  const keyed: KeyedEntries = new Map();
  const pairs: { ecosystem: string; name: string }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as MatchEntry;
    let names = keyed.get(e.ecosystem);
    if (!names) {
      names = new Map();
      keyed.set(e.ecosystem, names);
    }
    const same = names.get(e.name);
    if (same) same.push(i);
    else {
      names.set(e.name, [i]);
      pairs.push({ ecosystem: e.ecosystem, name: e.name });
    }
  }
  return { keyed, pairs };
}

/**
 * The evaluating half of matching: each affected row is evaluated against the versions of every
 * entry of its name, with the ecosystem's ordering (each distinct version text parsed once per
 * evaluator). Pure: any thread's evaluator gives the same result for the same chunk.
 */
export class RowEvaluator {
  private readonly keyed: KeyedEntries;
  private readonly schemes = new Map<string, VersionScheme | null>();
  private readonly parsed = new ParsedVersions();

  constructor(
    private readonly entries: readonly MatchEntry[],
    keyed?: KeyedEntries,
  ) {
    this.keyed = keyed ?? keyEntries(entries).keyed;
  }

  evaluate(rows: readonly AffectedMatchRow[]): ChunkResult {
    const out: ChunkResult = { rows: [], hits: [], fixed: [], problems: [] };
    // a row's number in out.rows, given when it first hits or has a problem (rows come one by one)
    let last: AffectedMatchRow | null = null;
    const numbered = (row: AffectedMatchRow): number => {
      if (row !== last) {
        last = row;
        out.rows.push(row);
      }
      return out.rows.length - 1;
    };
    // rows come an ecosystem at a time: its names looked up once per run of them
    let ecosystem: string | null = null;
    let names: Map<string, number[]> | undefined;
    for (const row of rows) {
      if (row.ecosystem !== ecosystem) {
        ecosystem = row.ecosystem;
        names = this.keyed.get(ecosystem);
      }
      const indexes = names?.get(row.name);
      if (!indexes) continue;
      let scheme = this.schemes.get(row.ecosystemFull);
      if (scheme === undefined) {
        scheme = versionSchemeFor(row.ecosystemFull);
        this.schemes.set(row.ecosystemFull, scheme);
      }
      if (!scheme) {
        const message = `no version ordering for ${row.ecosystemFull}`;
        for (const i of indexes) out.problems.push([i, numbered(row), 'ERR_OSPO_NO_VERSION_SCHEME', message]);
        continue;
      }
      const evaluate = affectedEvaluator(
        { ranges: row.ranges, versions: row.versions },
        scheme,
        {},
        this.parsed,
      );
      for (const i of indexes) {
        const result = evaluate((this.entries[i] as MatchEntry).version);
        for (const p of result.problems) out.problems.push([i, numbered(row), p.code, p.message]);
        if (!result.affected) continue;
        out.hits.push(i, numbered(row));
        out.fixed.push(result.fixed);
      }
    }
    return out;
  }
}
