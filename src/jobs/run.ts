import type PgBoss from 'pg-boss';
import { toOspoError } from '../core/errors.js';
import { interruptedError, storedError } from './errors.js';
import { ProgressWriter } from './progress.js';
import type { JobData, JobHandler } from './queue.js';
import type { JobRecords } from './records.js';

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
): Promise<void> {
  const { records } = ctx;
  if (ctx.stopping()) {
    const error = interruptedError(null);
    await records.finished(job.id, { state: 'failed', error, progress: null });
    throw { code: error.code, message: error.message };
  }
  await records.started(job.id);
  const progress = new ProgressWriter((p) => records.setProgress(job.id, p));
  try {
    const result = await handler(
      { id: job.id, name, data: job.data },
      { progress: (p) => progress.set(p), attachment: () => records.attachment(job.id) },
    );
    await progress.flush();
    await records.finished(job.id, { state: 'completed', result, progress: progress.last });
  } catch (thrown) {
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
    await records.dropAttachment(job.id).catch(() => {});
  }
}
