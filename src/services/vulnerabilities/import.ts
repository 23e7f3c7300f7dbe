import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AdvisoryRows } from '../../core/advisory-rows.js';
import { InputError, OspoError } from '../../core/errors.js';
import { SegmentBuilder } from '../../core/match-index.js';
import { type Actor, actorName, authorize } from '../actor.js';
import type { Store } from '../ports.js';
import type { WorkerMessage, WorkerReply } from './import-worker.js';
import { type RematchReport, rematchPortfolio } from './portfolio.js';
import { type ImportProblem, type PreparedBatch, prepareBatches } from './prepare.js';

export type { ImportProblem } from './prepare.js';

/** Batches written at the same time. */
const WRITERS = 2;

/** Records inserted or replaced by one import, from which the tables' statistics are refreshed. */
const ANALYZE_AFTER = 1000;

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
  /** The steps after the records are stored (statistics, the match index, matching saved scans again). */
  onStep?: (step: string) => void;
  /** Match saved scans again when records changed (default true); a caller importing several dumps does it once at the end. */
  rematch?: boolean;
  /** Read and parse in a worker thread (default: when the compiled worker is there, i.e. not in tests from sources). */
  worker?: boolean;
}

/**
 * Import OSV records from files, folders and zip dumps: idempotent upserts by id and `modified` (an
 * older record never replaces a newer one), each record kept whole. A document that is not a record
 * is listed in `skipped` with its reason and the rest go on; an archive that is refused (path traversal,
 * links, a decompression bomb) stops the import before any of its records is stored, with a coded error.
 * Each batch is one transaction: a failure leaves the batches before it stored (and perhaps the one
 * written beside it) and nothing half-written; importing again picks up the rest.
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
  // the packages the records name: saved scans holding one are matched again when anything changed
  const changed = new Set<string>();
  // Batches are written while the next ones are read and parsed (in a worker thread when the code is
  // compiled, so that reading runs beside the writing even on PGlite), up to WRITERS at a time, each in
  // its own transaction: a failed one stops the import at the next batch, with nothing of it stored.
  // On PostgreSQL two writers keep the server busy while one of them commits; each writes its records
  // in id order, so two batches naming the same record cannot deadlock.
  const writing: Promise<void>[] = [];
  const progress = (path: string) =>
    options.onProgress?.({ read: report.read, stored: report.inserted + report.updated, path });
  const useWorker = options.worker ?? workerAvailable();
  // The match index (PGlite) is stale from here until the update commits. The records each batch
  // stored go into the update's segment, in the order the batches committed: built in the parse
  // worker, which still holds their rows, or here.
  const update = (await store.matchIndex?.begin()) ?? null;
  const segmentFile = update?.segmentFile ?? null;
  const reader = useWorker ? new ParseWorker(inputs, size, segmentFile !== null) : null;
  const builder = segmentFile !== null && !reader ? new SegmentBuilder() : null;
  // batches with records, each one upsert
  let sent = 0;
  // the records of the segment written, null until one is
  let segment: number | null = null;
  try {
    try {
      for await (const batch of reader
        ? reader.batches()
        : prepareBatches(inputs, size, { match: builder !== null })) {
        report.read += batch.read;
        for (const problem of batch.skipped) report.skipped.push(problem);
        for (const key of batch.packages) changed.add(key);
        if (batch.records.length === 0) {
          progress(batch.path);
          continue;
        }
        const number = sent++;
        if (writing.length >= WRITERS) await writing.shift();
        const write = store
          .transaction((repos) => repos.advisories.upsert(batch.records))
          .then((done) => {
            report.inserted += done.inserted;
            report.updated += done.updated;
            report.unchanged += done.unchanged;
            if (reader && segmentFile !== null) reader.stored(number, done.written);
            else if (builder) addToSegment(builder, batch.records, done.written);
            progress(batch.path);
          });
        write.catch(() => {}); // seen when its turn comes, or below
        writing.push(write);
      }
    } finally {
      // however the reading ends, the batches being written settle first
      await Promise.allSettled(writing);
    }
    for (const write of writing) await write;
    // the parse worker writes the segment while this thread refreshes the statistics
    if (update || report.inserted + report.updated >= ANALYZE_AFTER)
      options.onStep?.(update ? 'updating the match index' : 'refreshing statistics');
    const finishing =
      segmentFile === null
        ? null
        : reader
          ? reader.finish(segmentFile)
          : Promise.resolve().then(() => builder?.write(segmentFile).records ?? 0);
    finishing?.catch(() => {}); // settled below
    // a large import changes what the planner should expect of the tables matching reads
    if (report.inserted + report.updated >= ANALYZE_AFTER) await store.repos.advisories.analyze();
    // a segment that cannot be written leaves the index to be rebuilt from the store
    if (finishing) segment = await finishing.catch(() => null);
  } catch (error) {
    update?.abandon();
    throw error;
  } finally {
    await reader?.close();
  }
  await update?.commit({ upserts: sent, segment });
  if (options.rematch !== false && report.inserted + report.updated > 0) {
    options.onStep?.('matching saved scans again');
    const packages = [...changed].map((key) => {
      const [ecosystem = '', name = ''] = key.split('\u0000');
      return { ecosystem, name };
    });
    report.rematched = await rematchPortfolio(store, packages);
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

/** The compiled worker; absent when running from the TypeScript sources (tests), where imports stay in-process. */
const workerFile = fileURLToPath(new URL('./import-worker.js', import.meta.url));

function workerAvailable(): boolean {
  return existsSync(workerFile);
}

/** A record stored by a batch goes into the segment, with its rows (none when withdrawn). */
function addToSegment(builder: SegmentBuilder, records: readonly AdvisoryRows[], written: readonly string[]) {
  const stored = new Set(written);
  for (const r of records) {
    if (!stored.has(r.id)) continue;
    const seq = builder.record(r.id);
    const match = r.match ?? { keys: [], tuples: [] };
    for (let i = 0; i < match.keys.length; i++)
      builder.row(seq, match.keys[i] as string, match.tuples[i] as string);
  }
}

/**
 * prepareBatches run in a worker thread, a few batches ahead of the caller. With `segment`, the
 * worker keeps each batch's match rows until told which of its records were stored (`stored`), and
 * writes the segment of them when asked (`finish`).
 */
class ParseWorker {
  private readonly worker: Worker;
  private readonly replies: WorkerReply[] = [];
  private waiting: ((reply: WorkerReply) => void) | null = null;

  constructor(inputs: readonly string[], size: number, segment: boolean) {
    this.worker = new Worker(workerFile, { workerData: { inputs: [...inputs], size, segment } });
    const deliver = (reply: WorkerReply) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(reply);
      } else this.replies.push(reply);
    };
    this.worker.on('message', deliver);
    this.worker.on('error', (error) =>
      deliver({ kind: 'error', error: { input: false, code: null, message: error.message, hint: null } }),
    );
    this.worker.on('exit', (code) => {
      if (code !== 0)
        deliver({
          kind: 'error',
          error: {
            input: false,
            code: null,
            message: `the parse worker stopped (exit code ${code})`,
            hint: null,
          },
        });
    });
  }

  private next(): Promise<WorkerReply> {
    const reply = this.replies.shift();
    return reply ? Promise.resolve(reply) : new Promise<WorkerReply>((resolve) => (this.waiting = resolve));
  }

  async *batches(): AsyncGenerator<PreparedBatch> {
    for (;;) {
      const reply = await this.next();
      if (reply.kind === 'done') return;
      if (reply.kind === 'error') throw rebuilt(reply.error);
      if (reply.kind !== 'batch')
        throw new OspoError('ERR_OSPO_INTERNAL', `parse worker: unexpected ${reply.kind}`);
      this.worker.postMessage('more' satisfies WorkerMessage);
      yield reply.batch;
    }
  }

  /** Which records of the batch numbered `batch` (records-bearing batches, from 0) were stored. */
  stored(batch: number, ids: string[]): void {
    this.worker.postMessage({ kind: 'stored', batch, ids } satisfies WorkerMessage);
  }

  /** Write the segment; how many records it holds. */
  async finish(file: string): Promise<number> {
    this.worker.postMessage({ kind: 'finish', file } satisfies WorkerMessage);
    const reply = await this.next();
    if (reply.kind === 'error') throw rebuilt(reply.error);
    if (reply.kind !== 'segment')
      throw new OspoError('ERR_OSPO_INTERNAL', `parse worker: unexpected ${reply.kind}`);
    return reply.records;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function rebuilt(error: Extract<WorkerReply, { kind: 'error' }>['error']): Error {
  const options = error.hint ? { hint: error.hint } : {};
  if (error.code && error.input) return new InputError(error.code, error.message, options);
  if (error.code) return new OspoError(error.code, error.message, options);
  return new OspoError('ERR_OSPO_INTERNAL', `advisory import failed: ${error.message}`);
}
