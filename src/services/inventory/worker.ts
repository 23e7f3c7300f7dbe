import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { isOspoError, ParseError } from '../../core/errors.js';
import type { Extractor } from '../../core/inventory.js';
import { ResultEncoder, transferables } from './compact.js';
import type { JobReply, JobRequest, WorkerMessage } from './pool.js';

/**
 * A parse worker: runs extractors on file contents the main thread sends, so parsing (and its
 * garbage) happens beside the main thread, which only merges results.
 */
const { scanExtractors } = await import('./plugins.js');
const byId = new Map<string, Extractor>(scanExtractors.map((e) => [e.id, e]));
const encoder = new ResultEncoder();

parentPort?.on('message', async (job: JobRequest) => {
  let sha256: string | undefined;
  let content: string;
  if (typeof job.content === 'string') content = job.content;
  else {
    const bytes = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
    content = bytes.toString('utf8');
    // of the text, as the main thread hashes it: the bytes themselves unless they are not valid UTF-8
    // (then the text has replacement characters), which saves encoding the text again
    sha256 = createHash('sha256')
      .update(isUtf8(bytes) ? bytes : content)
      .digest('hex');
  }
  const reply = await run(job, content);
  if (reply.kind !== 'result' || job.full) {
    parentPort?.postMessage(reply);
    return;
  }
  const compact = encoder.encode(reply.result);
  const { job: id, extractor, readOthers } = reply;
  parentPort?.postMessage(
    { job: id, kind: 'compact', extractor, compact, readOthers, sha256 } satisfies JobReply,
    transferables(compact),
  );
});
// the extractors are loaded: jobs may come
parentPort?.postMessage({ kind: 'ready' } satisfies WorkerMessage);

async function run(job: JobRequest, content: string): Promise<JobReply> {
  let readOthers = false;
  const readFile = async (rel: string) => {
    readOthers = true;
    const target = path.resolve(job.base, rel);
    if (target !== job.base && !target.startsWith(job.base + path.sep)) return null;
    return fs.readFile(target, 'utf8').catch(() => null);
  };
  for (const id of job.extractors) {
    const extractor = byId.get(id);
    if (!extractor) continue;
    try {
      const result = await extractor.extract({ path: job.rel, content, readFile });
      if (result) return { job: job.job, kind: 'result', extractor: id, result, readOthers };
    } catch (error) {
      if (isOspoError(error)) {
        const line = error instanceof ParseError ? error.line : undefined;
        return { job: job.job, kind: 'error', extractor: id, code: error.code, message: error.message, line };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { job: job.job, kind: 'crash', extractor: id, message };
    }
  }
  return { job: job.job, kind: 'none' };
}
