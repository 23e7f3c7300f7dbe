/**
 * The parse worker of `importAdvisories`: reads, parses and checks the records of its inputs and
 * makes their rows (prepare.ts), batch by batch, while the importing thread writes the batch before.
 * It runs at most a few batches ahead of the writer: the importer sends `more` for each batch it takes.
 * With `segment` (a PGlite store's match index), it keeps each batch's match rows instead of sending
 * them, adds those of the records the importer reports stored, and writes them as the import's
 * segment when the importer asks (core/match-index.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OspoError } from '../../core/errors.js';
import { SegmentBuilder } from '../../core/match-index.js';
import { prepareBatches } from './prepare.js';

/** Batches sent before the importer has taken one. */
const AHEAD = 3;

export type WorkerMessage =
  | 'more'
  /** The records of the `batch`-th batch with records that the store wrote. */
  | { kind: 'stored'; batch: number; ids: string[] }
  | { kind: 'finish'; file: string };

export type WorkerReply =
  | { kind: 'batch'; batch: import('./prepare.js').PreparedBatch }
  | { kind: 'done' }
  | { kind: 'segment'; records: number }
  | {
      kind: 'error';
      error: { input: boolean; code: string | null; message: string; hint: string | null };
    };

type Kept = { id: string; keys: string[]; tuples: string[] }[];

const port = parentPort;
if (port) {
  const { inputs, size, segment } = workerData as { inputs: string[]; size: number; segment: boolean };
  let credit = AHEAD;
  let wake: (() => void) | null = null;
  const kept = new Map<number, Kept>();
  const builder = new SegmentBuilder();
  const send = (reply: WorkerReply) => port.postMessage(reply);
  const failed = (thrown: unknown) => {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    send({
      kind: 'error',
      error: {
        input: error instanceof OspoError && error.status === 400,
        code: error instanceof OspoError ? error.code : null,
        message: error.message,
        hint: error instanceof OspoError ? (error.hint ?? null) : null,
      },
    });
  };
  port.on('message', (message: WorkerMessage) => {
    if (message === 'more') {
      credit++;
      wake?.();
      wake = null;
    } else if (message.kind === 'stored') {
      const records = kept.get(message.batch) ?? [];
      kept.delete(message.batch);
      const stored = new Set(message.ids);
      for (const r of records) {
        if (!stored.has(r.id)) continue;
        const seq = builder.record(r.id);
        for (let i = 0; i < r.keys.length; i++) builder.row(seq, r.keys[i] as string, r.tuples[i] as string);
      }
    } else if (message.kind === 'finish') {
      try {
        const written = builder.write(message.file);
        send({ kind: 'segment', records: written.records });
      } catch (error) {
        failed(error);
      }
    }
  });
  let numbered = 0;
  try {
    for await (const batch of prepareBatches(inputs, size, { match: segment })) {
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      if (segment && batch.records.length > 0) {
        // the match rows stay here; the rows go without them (as new objects: `delete` would slow
        // their copying)
        const rows: Kept = [];
        for (const r of batch.records)
          rows.push({ id: r.id, keys: r.match?.keys ?? [], tuples: r.match?.tuples ?? [] });
        kept.set(numbered++, rows);
        batch.records = batch.records.map((r) => ({ id: r.id, advisory: r.advisory, affected: r.affected }));
      }
      send({ kind: 'batch', batch });
    }
    send({ kind: 'done' });
  } catch (thrown) {
    failed(thrown);
  }
  // with a segment to write, the worker stays until the importer asks for it (or terminates it)
  if (!segment) port.close();
}
