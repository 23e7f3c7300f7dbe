import type { Context } from 'hono';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  OspoError,
  SourceUnavailableError,
} from '../../core/errors.js';
import { isoDateTime } from '../../core/schemas.js';
import { mayCancelJob, maySeeJob, seesAllJobs } from '../../jobs/actor.js';
import { jobNames } from '../../jobs/definitions.js';
import { finalStates, type Job, type JobQueue, jobStates } from '../../jobs/queue.js';
import { actorName } from '../../services/actor.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { problemSchema } from '../problem.js';
import { guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

export const jobSchema = z
  .object({
    id: z.uuid(),
    name: z
      .string()
      .meta({ description: 'The kind of job: scan.path, scan.sbom, scan.git or advisories.sync.' }),
    state: z.enum(jobStates),
    progress: z
      .object({ done: z.number(), total: z.number().nullable(), message: z.string() })
      .nullable()
      .meta({ description: 'How far it is; total is null while the amount of work is not known.' }),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Once completed: what it made (a scan job: `{ scan }`; a sync: its report).' }),
    error: z
      .object({ code: z.string(), message: z.string(), hint: z.string().nullable() })
      .nullable()
      .meta({ description: 'Once failed: the coded error, as a problem answer would carry it.' }),
    submittedBy: z.string(),
    summary: z.record(z.string(), z.unknown()),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Job' });

export const jobAccepted = z
  .object({ job: jobSchema, location: z.string().meta({ description: 'Where to follow the job.' }) })
  .meta({ id: 'JobAccepted' });

const jobsQuery = listQuery.extend({ name: z.enum(jobNames).optional() });

export const waitQuery = z.object({
  wait: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: answer when the job has finished (201 with what it made), not at once.' }),
});

export const jobUnavailable = {
  503: {
    description: 'The job queue is not running.',
    content: { 'application/problem+json': { schema: problemSchema } },
  },
} as const;

/** A request that waited (?wait=true) for a job that was cancelled meanwhile. */
export const jobCancelled = {
  409: {
    description: 'With ?wait=true: the job was cancelled before it finished.',
    content: { 'application/problem+json': { schema: problemSchema } },
  },
} as const;

/** How long a request with ?wait=true waits before it answers 202 after all. */
const WAIT_MS = 10 * 60 * 1000;

export function jobRoutes(app: App, options: { jobs: JobQueue | null }): void {
  app.openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/jobs',
      tags: ['jobs'],
      summary: 'Recent jobs, newest first: your own, or everyone’s for admins and the OSPO',
      request: { query: jobsQuery },
      responses: { 200: json(pageOf(jobSchema, 'JobPage'), 'A page of jobs.'), ...guardedErrors },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const { limit, cursor, name } = c.req.valid('query');
      const mine = seesAllJobs(actor)
        ? {}
        : actor.kind === 'user'
          ? { submitterId: actor.user.id }
          : { submittedBy: actorName(actor) };
      const page = await requireJobs(options.jobs).list({ limit, cursor, name, ...mine });
      return c.json({ items: page.items.map(present), next: page.next }, 200);
    },
  );

  app.openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/jobs/{id}',
      tags: ['jobs'],
      summary: 'One job: its state, progress, and result or error',
      request: { params: idParam },
      responses: { 200: json(jobSchema, 'The job.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const id = c.req.valid('param').id;
      const job = await requireJobs(options.jobs).get(id);
      // someone else's job is as absent as one that never was
      if (!job || !maySeeJob(actor, job)) throw noJob(id);
      return c.json(present(job), 200);
    },
  );

  app.openapi(
    defineRoute('signed-in', {
      method: 'post',
      path: '/api/v1/jobs/{id}/cancel',
      tags: ['jobs'],
      summary: 'Cancel a waiting or running job: your own, or any for admins',
      description:
        'A waiting job never runs; a running one stops at its next step and keeps nothing (a scan is not ' +
        'saved). A running advisory sync cannot be cancelled. A job that has finished answers 409.',
      request: { params: idParam },
      responses: {
        200: json(jobSchema, 'The job, now cancelled.'),
        ...guardedErrors,
        ...notFound,
        409: {
          description: 'The job has finished already, or cannot be stopped now.',
          content: { 'application/problem+json': { schema: problemSchema } },
        },
        ...jobUnavailable,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const id = c.req.valid('param').id;
      const jobs = requireJobs(options.jobs);
      const job = await jobs.get(id);
      if (!job || !maySeeJob(actor, job)) throw noJob(id);
      if (!mayCancelJob(actor, job)) {
        throw new ForbiddenError(
          'ERR_OSPO_FORBIDDEN',
          'only whoever submitted a job, or an admin, may cancel it',
          {
            hint: `Ask ${job.submittedBy} or an admin to cancel it.`,
          },
        );
      }
      const outcome = await jobs.cancel(job.id);
      if (!outcome) throw noJob(id);
      if (!outcome.cancelled) throw notCancellable(outcome.job);
      await c.get('store').repos.audit.append({
        actor: actorName(actor),
        action: 'job.cancel',
        targetType: 'job',
        targetId: job.id,
        details: { name: job.name, state: job.state, submittedBy: job.submittedBy },
      });
      return c.json(present(outcome.job), 200);
    },
  );
}

function notCancellable(job: Job): ConflictError {
  if (finalStates.has(job.state)) {
    return new ConflictError('ERR_OSPO_JOB_FINISHED', `the job has finished already (${job.state})`, {
      hint: 'Only a waiting or running job can be cancelled.',
    });
  }
  return new ConflictError('ERR_OSPO_JOB_RUNNING', `a running ${job.name} job cannot be cancelled`, {
    hint: 'Let it finish; it can be cancelled only while it waits.',
  });
}

export function requireJobs(jobs: JobQueue | null): JobQueue {
  if (jobs) return jobs;
  throw new SourceUnavailableError('ERR_OSPO_JOBS_UNAVAILABLE', 'this server runs no job queue', {
    hint: 'Start the server with `ospo serve`, which runs the queue.',
  });
}

/**
 * The answer to a request that queued a job: 202 with the job and where to follow it; with ?wait=true
 * the job's result once it completes (201), or its error as the problem answer.
 */
export async function answerQueued<T>(
  c: Context,
  jobs: JobQueue,
  id: string,
  wait: boolean,
  made: (result: Record<string, unknown>) => T,
) {
  if (wait) {
    const done = await jobs.waitFor(id, { timeoutMs: WAIT_MS });
    if (done?.state === 'completed' && done.result) return { status: 201 as const, body: made(done.result) };
    if (done?.state === 'failed' && done.error) throw new JobFailedError(done.error);
    if (done?.state === 'cancelled') {
      throw new ConflictError('ERR_OSPO_JOB_CANCELLED', 'the job was cancelled before it finished', {
        hint: `See GET /api/v1/jobs/${done.id}; submit it again if it is still wanted.`,
      });
    }
  }
  const job = await jobs.get(id);
  if (!job) throw noJob(id);
  const location = `/api/v1/jobs/${job.id}`;
  c.header('location', location);
  return { status: 202 as const, body: { job: present(job), location } };
}

export function present(job: Job): z.infer<typeof jobSchema> {
  return {
    id: job.id,
    name: job.name,
    state: job.state,
    progress: job.progress,
    result: job.result,
    error: job.error ? { code: job.error.code, message: job.error.message, hint: job.error.hint } : null,
    submittedBy: job.submittedBy,
    summary: job.summary,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
  };
}

/** A failed job's error, answered as the request that waited for it. */
class JobFailedError extends OspoError {
  override readonly status: number;
  constructor(error: { code: string; message: string; hint: string | null; status: number }) {
    super(error.code, error.message, error.hint ? { hint: error.hint } : {});
    this.status = error.status;
  }
}

function noJob(id: string): NotFoundError {
  return new NotFoundError('ERR_OSPO_NOT_FOUND', `no job "${id}"`, {
    hint: 'List your jobs with GET /api/v1/jobs.',
  });
}
