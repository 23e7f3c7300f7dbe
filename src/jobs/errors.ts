import { ConflictError, type OspoError, SourceUnavailableError } from '../core/errors.js';
import type { JobError } from './queue.js';

/**
 * A failed job's error as kept and shown: code, message and hint, as problem+json would carry them.
 * Internal errors keep their message out of the API, as the server's problem responses do.
 */
export function storedError(error: OspoError): JobError {
  const internal = error.code === 'ERR_OSPO_INTERNAL';
  return {
    code: error.code,
    message: internal ? 'Something went wrong while running the job; it has been logged.' : error.message,
    hint: internal ? null : (error.hint ?? null),
    status: error.status,
  };
}

/**
 * The error of a job that ended without its handler finishing it: past its time limit (pg-boss says
 * so in the job's output), or its worker stopped.
 */
export function interruptedError(output: unknown): JobError {
  if (JSON.stringify(output ?? '').includes('timeout')) {
    return {
      code: 'ERR_OSPO_JOB_TIMEOUT',
      message: 'the job ran past its time limit and was stopped',
      hint: 'Submit it again; split very large work (one scan per repository) if it keeps happening.',
      status: 503,
    };
  }
  return storedError(
    new SourceUnavailableError(
      'ERR_OSPO_JOB_INTERRUPTED',
      'the worker running this job stopped before it finished',
      {
        hint: 'Submit the job again.',
      },
    ),
  );
}

/** Throw when the job has been cancelled: a handler calls this between its steps. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledError();
}

export function cancelledError(): ConflictError {
  return new ConflictError('ERR_OSPO_JOB_CANCELLED', 'the job was cancelled before it finished', {
    hint: 'Submit it again if it is still wanted.',
  });
}
