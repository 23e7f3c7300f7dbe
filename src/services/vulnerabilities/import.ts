import { normalizeOsvPackageName } from '../../core/osv.js';
import { osvFiles } from '../../modules/advisories/index.js';
import { type Actor, actorName, authorize } from '../actor.js';
import type { AdvisoryInsert, Store } from '../ports.js';
import { type OsvImportRecord, readOsvImport } from './osv-shape.js';
import { type RematchReport, rematchPortfolio } from './portfolio.js';

/** Records inserted or replaced by one import, from which the tables' statistics are refreshed. */
const ANALYZE_AFTER = 1000;

export interface ImportProblem {
  path: string;
  code: string;
  message: string;
}

export interface ImportReport {
  /** Documents read (files, or entries of zip dumps). */
  read: number;
  inserted: number;
  /** Replaced by a newer `modified`. */
  updated: number;
  /** Already stored with the same or a newer `modified`. */
  unchanged: number;
  /** Documents that were not OSV records, with why. */
  skipped: ImportProblem[];
  /** Saved scans matched again because advisories changed (absent when nothing changed). */
  rematched?: RematchReport;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (done: { read: number; stored: number; path: string }) => void;
  /** Match saved scans again when records changed (default true); a caller importing several dumps does it once at the end. */
  rematch?: boolean;
}

/**
 * Import OSV records from files, folders and zip dumps: idempotent upserts by id and `modified` (an
 * older record never replaces a newer one), each record kept whole. A document that is not a record
 * is listed in `skipped` with its reason and the rest go on; an archive that is refused (path traversal,
 * links, a decompression bomb) stops the import before any of its records is stored, with a coded error.
 * Each batch is one transaction: a failure leaves the batches before it stored and nothing half-written.
 */
export async function importAdvisories(
  store: Store,
  actor: Actor,
  inputs: readonly string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  authorize(actor, 'advisories:write');
  const size = options.batchSize ?? 1000;
  const report: ImportReport = { read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [] };
  let batch: AdvisoryInsert[] = [];
  // the packages the records name: saved scans holding one are matched again when anything changed
  const changed = new Map<string, { ecosystem: string; name: string }>();
  // One batch is written while the next is read and parsed (on PostgreSQL the two then run side by
  // side); batches still commit one after another, and a failed one stops the import at the next flush.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (last = false) => {
    await writing;
    if (batch.length > 0) {
      const current = batch;
      batch = [];
      writing = store
        .transaction((repos) => repos.advisories.upsert(current))
        .then((done) => {
          report.inserted += done.inserted;
          report.updated += done.updated;
          report.unchanged += done.unchanged;
        });
      writing.catch(() => {}); // seen at the next flush
    }
    if (last) await writing;
  };
  for await (const entry of settling(osvFiles.read(inputs), () => writing)) {
    report.read++;
    if (entry.kind === 'skipped') {
      report.skipped.push({ path: entry.path, code: entry.code, message: entry.message });
      continue;
    }
    const read = readRecord(entry.text, entry.path, report.skipped);
    if (read) {
      const insert = toInsert(read.record, read.raw, entry.text);
      for (const a of insert.affected)
        changed.set(`${a.ecosystem}\u0000${a.name}`, { ecosystem: a.ecosystem, name: a.name });
      batch.push(insert);
    }
    if (batch.length >= size) await flush();
    options.onProgress?.({ read: report.read, stored: report.inserted + report.updated, path: entry.path });
  }
  await flush(true);
  // a large import changes what the planner should expect of the tables matching reads
  if (report.inserted + report.updated >= ANALYZE_AFTER) await store.repos.advisories.analyze();
  if (options.rematch !== false && report.inserted + report.updated > 0) {
    report.rematched = await rematchPortfolio(store, [...changed.values()]);
  }
  await store.repos.audit.append({
    actor: actorName(actor),
    action: 'advisories.import',
    targetType: 'advisories',
    targetId: null,
    details: {
      read: report.read,
      inserted: report.inserted,
      updated: report.updated,
      skipped: report.skipped.length,
    },
  });
  return report;
}

/**
 * The documents of `source`, with a turn of the event loop every 64 (reading files and zips is
 * synchronous: without it the batch being written would only move on at the next flush). However the
 * loop over them ends, the batch being written settles first.
 */
async function* settling<T>(source: AsyncIterable<T>, writing: () => Promise<void>): AsyncGenerator<T> {
  try {
    let n = 0;
    for await (const item of source) {
      yield item;
      if (++n % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await writing().catch(() => {});
  }
}

function readRecord(
  text: string,
  path: string,
  skipped: ImportProblem[],
): { record: OsvImportRecord; raw: unknown } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    skipped.push({ path, code: 'ERR_OSPO_PARSE', message: `not JSON: ${(error as Error).message}` });
    return null;
  }
  const parsed = readOsvImport(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(root)';
    skipped.push({
      path,
      code: 'ERR_OSPO_OSV_SCHEMA',
      message: `not an OSV record (${field}: ${issue?.message ?? 'invalid'})`,
    });
    return null;
  }
  return { record: parsed.data, raw: json };
}

function toInsert(record: OsvImportRecord, raw: unknown, text: string): AdvisoryInsert {
  return {
    id: record.id,
    modified: record.modified,
    published: record.published ?? null,
    withdrawn: record.withdrawn ?? null,
    aliases: record.aliases,
    summary: record.summary ?? null,
    severity: record.severity,
    record: raw,
    recordText: text,
    affected: record.affected.map((a) => {
      const full = a.package.ecosystem;
      const ecosystem = full.split(':')[0] ?? full;
      const name = normalizeOsvPackageName(ecosystem, a.package.name);
      return { ecosystem, ecosystemFull: full, name, ranges: a.ranges, versions: a.versions };
    }),
  };
}
