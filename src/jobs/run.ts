import type PgBoss from 'pg-boss';
import { toOspoError } from '../core/errors.js';
import { interruptedError, storedError } from './errors.js';
import { ProgressWriter } from './progress.js';
import type { JobData, JobHandler } from './queue.js';
import type { JobRecords } from './records.js';

/** How often a running job's record is read to see whether it was cancelled from another process. */
const CANCEL_CHECK_MS = 1000;

export interface RunContext {
  records: JobRecords;
  log: (line: string) => void;
  /** True once the queue is stopping: a job fetched now is not started. */
  stopping: () => boolean;
}

/**
 * Run one fetched job through its handler and keep what came of it in the job's record: progress as
 * it goes, then the result or the coded error. Throws (the code, never a stack) so that pg-boss marks
 * the job failed; the record is written first, so whoever reads it sees the final state at once.
 */
export async function runJob(
  ctx: RunContext,
  name: string,
  job: PgBoss.Job<JobData>,
  handler: JobHandler,
  /** Aborted by the queue when the job is cancelled in this process. */
  cancel: AbortController = new AbortController(),
): Promise<void> {
  const { records } = ctx;
  if (ctx.stopping()) {
    const error = interruptedError(null);
    await records.finished(job.id, { state: 'failed', error, progress: null });
    throw { code: error.code, message: error.message };
  }
  if (!(await records.started(job.id))) {
    await records.dropAttachment(job.id).catch(() => {});
    return; // cancelled before it started
  }
  const progress = new ProgressWriter((p) => records.setProgress(job.id, p));
  // cancelled elsewhere (the API on another process): seen at the next check
  const watch = setInterval(() => {
    records.isCancelled(job.id).then(
      (cancelled) => cancelled && cancel.abort(),
      () => {},
    );
  }, CANCEL_CHECK_MS);
  watch.unref();
  try {
    const result = await handler(
      { id: job.id, name, data: job.data },
      {
        progress: (p) => progress.set(p),
        attachment: () => records.attachment(job.id),
        signal: cancel.signal,
      },
    );
    await progress.flush();
    await records.finished(job.id, { state: 'completed', result, progress: progress.last });
  } catch (thrown) {
    if (cancel.signal.aborted) {
      await progress.flush();
      return; // the record says cancelled already; pg-boss has it cancelled too
    }
    const error = toOspoError(thrown);
    if (error.code === 'ERR_OSPO_INTERNAL') {
      const detail = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
      ctx.log(`job ${name} ${job.id} failed: ${detail}`);
    }
    await progress.flush();
    const stored = storedError(error);
    await records.finished(job.id, { state: 'failed', error: stored, progress: progress.last });
    throw { code: stored.code, message: stored.message };
  } finally {
    clearInterval(watch);
    await records.dropAttachment(job.id).catch(() => {});
  }
}
