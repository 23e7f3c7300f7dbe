/**
 * The parse worker of `importAdvisories`: reads, parses and checks the records of its inputs and
 * makes their rows (prepare.ts), batch by batch, while the importing thread writes the batch before.
 * It runs at most a few batches ahead of the writer: the importer sends `more` for each batch it takes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OspoError } from '../../core/errors.js';
import { prepareBatches } from './prepare.js';

/** Batches sent before the importer has taken one. */
const AHEAD = 3;

export type WorkerReply =
  | { kind: 'batch'; batch: import('./prepare.js').PreparedBatch }
  | { kind: 'done' }
  | {
      kind: 'error';
      error: { input: boolean; code: string | null; message: string; hint: string | null };
    };

const port = parentPort;
if (port) {
  const { inputs, size } = workerData as { inputs: string[]; size: number };
  let credit = AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', (message: unknown) => {
    if (message !== 'more') return;
    credit++;
    wake?.();
    wake = null;
  });
  const send = (reply: WorkerReply) => port.postMessage(reply);
  try {
    for await (const batch of prepareBatches(inputs, size)) {
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      send({ kind: 'batch', batch });
    }
    send({ kind: 'done' });
  } catch (thrown) {
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
  }
  port.close();
}
