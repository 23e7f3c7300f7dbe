import type { z } from 'zod';
import { type OsvRange, osvRange, osvRecord } from '../../core/osv.js';

const timestamps = ['modified', 'published', 'withdrawn'] as const;

/**
 * What import accepts: an OSV record as core/osv.ts reads it, whose timestamps are real RFC 3339
 * dates (the store keeps them as timestamps, so a bad one must be refused here, not fail a batch).
 */
export const osvImportShape = osvRecord.superRefine((record, ctx) => {
  for (const field of timestamps) {
    const value = record[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'not an RFC 3339 timestamp' });
    }
  }
});
export type OsvImportRecord = z.output<typeof osvImportShape>;

type Read<T> = ReturnType<z.ZodType<T>['safeParse']>;

/**
 * `osvImportShape.safeParse`, faster: a record the hand-written check below is sure of is built
 * directly (what zod would give: unknown keys dropped, defaults filled in); anything else goes to zod,
 * for its verdict and its message. Importing 500,000 records spent more time in zod than in the store.
 */
export function readOsvImport(value: unknown): Read<OsvImportRecord> {
  const record = fastRecord(value);
  return record ? { success: true, data: record } : osvImportShape.safeParse(value);
}

/**
 * Whether readOsvRange accepts the value with nothing to drop from what matching reads of it (type,
 * repo, events, each event's one kind): matching then reads the stored range as it is, uncopied.
 * False whenever unsure; readOsvRange decides those.
 */
export function isPlainOsvRange(v: unknown): v is OsvRange {
  if (!plain(v) || !nonEmpty(v.type) || !optionalString(v.repo) || !Array.isArray(v.events)) return false;
  for (const e of v.events) if (!plainEvent(e)) return false;
  const specific = v.database_specific;
  return specific === undefined || (plain(specific) && !Object.hasOwn(specific, '__proto__'));
}

function plainEvent(v: unknown): boolean {
  if (!plain(v)) return false;
  let kinds = 0;
  for (const kind of KINDS) {
    const value = v[kind];
    if (value === undefined) continue;
    if (!nonEmpty(value) || ++kinds > 1) return false;
  }
  return kinds === 1;
}

/** `osvRange.safeParse`, with the same shortcut: matching checks every stored range it evaluates. */
export function readOsvRange(value: unknown): Read<OsvRange> {
  const range = fastRange(value);
  return range ? { success: true, data: range } : osvRange.safeParse(value);
}

// The checks: each returns null whenever it is not sure zod would accept the value, never a value zod
// would refuse or shape differently. osv-shape.test.ts holds them to zod on generated records.

type Plain = Record<string, unknown>;

function plain(v: unknown): v is Plain {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function strings(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  for (const s of v) if (typeof s !== 'string') return null;
  return v.slice() as string[];
}

/** z.record(z.string(), z.unknown()): a copy; zod drops a `__proto__` key, so those go to zod. */
function record(v: unknown): Plain | null {
  if (!plain(v) || Object.hasOwn(v, '__proto__')) return null;
  return { ...v };
}

const KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function fastEvent(v: unknown): OsvRange['events'][number] | null {
  if (!plain(v)) return null;
  let out: OsvRange['events'][number] | null = null;
  for (const kind of KINDS) {
    const value = v[kind];
    if (value === undefined) continue;
    if (!nonEmpty(value) || out !== null) return null;
    out = { [kind]: value };
  }
  return out;
}

function fastRange(v: unknown): OsvRange | null {
  if (!plain(v) || !nonEmpty(v.type) || !optionalString(v.repo) || !Array.isArray(v.events)) return null;
  const events: OsvRange['events'] = [];
  for (const e of v.events) {
    const event = fastEvent(e);
    if (!event) return null;
    events.push(event);
  }
  // zod's keys, in its order
  const out: OsvRange =
    v.repo === undefined ? { type: v.type, events } : { type: v.type, repo: v.repo as string, events };
  if (v.database_specific !== undefined) {
    const specific = record(v.database_specific);
    if (!specific) return null;
    out.database_specific = specific;
  }
  return out;
}

type Severity = OsvImportRecord['severity'][number];

function severities(v: unknown): Severity[] | null {
  if (!Array.isArray(v)) return null;
  const out: Severity[] = [];
  for (const s of v) {
    if (!plain(s) || !isString(s.type) || !isString(s.score)) return null;
    out.push({ type: s.type, score: s.score });
  }
  return out;
}

type Affected = OsvImportRecord['affected'][number];

function fastAffected(v: unknown): Affected | null {
  if (!plain(v) || !plain(v.package)) return null;
  const pkg = v.package;
  if (!nonEmpty(pkg.ecosystem) || !nonEmpty(pkg.name) || !optionalString(pkg.purl)) return null;
  const out: Partial<Affected> = {
    package:
      pkg.purl === undefined
        ? { ecosystem: pkg.ecosystem, name: pkg.name }
        : { ecosystem: pkg.ecosystem, name: pkg.name, purl: pkg.purl as string },
  };
  if (v.severity !== undefined) {
    const severity = severities(v.severity);
    if (!severity) return null;
    out.severity = severity;
  }
  const ranges: OsvRange[] = [];
  if (v.ranges !== undefined) {
    if (!Array.isArray(v.ranges)) return null;
    for (const r of v.ranges) {
      const range = fastRange(r);
      if (!range) return null;
      ranges.push(range);
    }
  }
  out.ranges = ranges;
  const versions = v.versions === undefined ? [] : strings(v.versions);
  if (!versions) return null;
  out.versions = versions;
  for (const key of ['ecosystem_specific', 'database_specific'] as const) {
    if (v[key] === undefined) continue;
    const specific = record(v[key]);
    if (!specific) return null;
    out[key] = specific;
  }
  return out as Affected;
}

function list<T>(v: unknown, item: (x: unknown) => T | null): T[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const x of v) {
    const one = item(x);
    if (one === null) return null;
    out.push(one);
  }
  return out;
}

const reference = (r: unknown) =>
  plain(r) && isString(r.type) && isString(r.url) ? { type: r.type, url: r.url } : null;

function fastRecord(v: unknown): OsvImportRecord | null {
  if (!plain(v) || !nonEmpty(v.id) || !nonEmpty(v.modified)) return null;
  for (const key of ['schema_version', 'published', 'withdrawn', 'summary', 'details'] as const)
    if (!optionalString(v[key])) return null;
  for (const key of timestamps) {
    const value = v[key];
    if (value !== undefined && Number.isNaN(Date.parse(value as string))) return null;
  }
  const aliases = v.aliases === undefined ? [] : strings(v.aliases);
  const related = v.related === undefined ? [] : strings(v.related);
  const severity = v.severity === undefined ? [] : severities(v.severity);
  const affected = list(v.affected, fastAffected);
  const references = list(v.references, reference);
  if (!aliases || !related || !severity || !affected || !references) return null;
  let specific: Plain | undefined;
  if (v.database_specific !== undefined) {
    const copy = record(v.database_specific);
    if (!copy) return null;
    specific = copy;
  }
  // the keys zod gives, in its order
  const out: Partial<OsvImportRecord> = {};
  if (v.schema_version !== undefined) out.schema_version = v.schema_version as string;
  out.id = v.id;
  out.modified = v.modified;
  if (v.published !== undefined) out.published = v.published as string;
  if (v.withdrawn !== undefined) out.withdrawn = v.withdrawn as string;
  out.aliases = aliases;
  out.related = related;
  if (v.summary !== undefined) out.summary = v.summary as string;
  if (v.details !== undefined) out.details = v.details as string;
  out.severity = severity;
  out.affected = affected;
  out.references = references;
  if (specific !== undefined) out.database_specific = specific;
  return out as OsvImportRecord;
}
