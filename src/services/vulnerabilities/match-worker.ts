/**
 * The second evaluator of matchInventory on a large inventory: it gets the entries once, then now and
 * then a chunk of match tuples as the store gave it, evaluates it (RowEvaluator) and answers with
 * what hit. The matching thread evaluates the chunks the worker is too busy to take, so the two
 * share the work while the store reads the next chunk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { matchRowsOf, readOnce } from '../../core/advisory-rows.js';
import { type ChunkResult, type MatchEntry, RowEvaluator } from './evaluate-rows.js';

/** A chunk's result as it crosses threads: each row as advisory id, aliases, summary, severity text. */
export type WorkerChunkResult = { kind: 'chunk' } & ChunkResult<[string, string[], string | null, string]>;

export type MatchWorkerReply = WorkerChunkResult | { kind: 'error'; message: string };

/** A chunk's JSON text, or null after the last one. */
export type MatchWorkerMessage = string | null;

const port = parentPort;
if (port) {
  const entries = JSON.parse(workerData as string) as MatchEntry[];
  const evaluator = new RowEvaluator(entries);
  // each severity list read once, with the text it came from, to send back
  const texts = new Map<unknown[], string>();
  const severity = readOnce((text) => {
    const list = JSON.parse(text) as unknown[];
    texts.set(list, text);
    return list;
  });
  port.on('message', (message: MatchWorkerMessage) => {
    if (message === null) {
      port.close();
      return;
    }
    try {
      const result = evaluator.evaluate(matchRowsOf(message, severity));
      const reply: WorkerChunkResult = {
        kind: 'chunk',
        rows: result.rows.map((r) => [r.advisoryId, r.aliases, r.summary, texts.get(r.severity) ?? '[]']),
        hits: result.hits,
        fixed: result.fixed,
        problems: result.problems,
      };
      port.postMessage(reply);
    } catch (error) {
      const reply: MatchWorkerReply = {
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(reply);
    }
  });
}
