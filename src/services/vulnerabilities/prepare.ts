import { type AdvisoryRows, advisoryRows } from '../../core/advisory-rows.js';
import { normalizeOsvPackageName } from '../../core/osv.js';
import { osvFiles } from '../../modules/advisories/index.js';
import { type OsvImportRecord, readOsvImport } from './osv-shape.js';

export interface ImportProblem {
  path: string;
  code: string;
  message: string;
}

/** A batch of records read, checked and turned into the store's rows, with what could not be read. */
export interface PreparedBatch {
  /** Documents read for this batch (files, or entries of zip dumps), records or not. */
  read: number;
  records: AdvisoryRows[];
  /** The packages the records name, `ecosystem NUL name`: saved scans holding one are matched again. */
  packages: string[];
  skipped: ImportProblem[];
  /** The last document read. */
  path: string;
}

/**
 * The records of `inputs` (files, folders, zip dumps), in batches of `size` records: each document
 * parsed, checked against the OSV schema and turned into the rows the store keeps. Pure work on the
 * documents, so that it can run in a worker while the store writes the batch before. An archive that
 * is refused throws (a coded error) before any of its records is yielded. With `match`, each record's
 * rows for the match index come along (AdvisoryRows.match).
 */
export async function* prepareBatches(
  inputs: readonly string[],
  size: number,
  options: { match?: boolean } = {},
): AsyncGenerator<PreparedBatch> {
  let batch = fresh();
  let n = 0;
  for await (const entry of osvFiles.read(inputs)) {
    batch.read++;
    batch.path = entry.path;
    if (entry.kind === 'skipped') {
      batch.skipped.push({ path: entry.path, code: entry.code, message: entry.message });
    } else {
      const record = readRecord(entry.text, entry.path, batch.skipped);
      if (record) {
        const facts = toFacts(record);
        for (const a of facts.affected) batch.packages.push(`${a.ecosystem}\u0000${a.name}`);
        batch.records.push(
          advisoryRows(facts, entry.text, { deflated: entry.deflated, match: options.match === true }),
        );
      }
    }
    if (batch.records.length >= size) {
      yield batch;
      batch = fresh();
    }
    // reading files and zips is synchronous: a turn of the event loop now and then lets a batch
    // being written in this thread move on
    if (++n % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (batch.read > 0) yield batch;
}

function fresh(): PreparedBatch {
  return { read: 0, records: [], packages: [], skipped: [], path: '' };
}

function readRecord(text: string, path: string, skipped: ImportProblem[]): OsvImportRecord | null {
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
  return parsed.data;
}

function toFacts(record: OsvImportRecord) {
  return {
    id: record.id,
    modified: record.modified,
    published: record.published ?? null,
    withdrawn: record.withdrawn ?? null,
    aliases: record.aliases,
    summary: record.summary ?? null,
    severity: record.severity,
    affected: record.affected.map((a) => {
      const full = a.package.ecosystem;
      const ecosystem = full.split(':')[0] ?? full;
      const name = normalizeOsvPackageName(ecosystem, a.package.name);
      return { ecosystem, ecosystemFull: full, name, ranges: a.ranges, versions: a.versions };
    }),
  };
}
