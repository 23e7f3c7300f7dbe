import { z } from 'zod';
import { actorRef } from '../../jobs/actor.js';
import type { JobQueue } from '../../jobs/queue.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, json } from './common.js';
import { answerQueued, jobAccepted, jobUnavailable, requireJobs } from './jobs.js';

const syncRequest = z
  .object({
    ecosystems: z.array(z.string().min(1).max(100)).min(1).max(50).optional().meta({
      description: 'As osv.dev names them (npm, PyPI, Maven, ...); default: every ecosystem ospokit scans.',
    }),
    force: z
      .boolean()
      .optional()
      .meta({ description: 'Download and import again even when nothing changed.' }),
  })
  .meta({ id: 'AdvisorySyncRequest' });

/** POST /api/v1/advisories/sync: `ospo advisories sync` as a job, on the worker that picks it up. */
export function advisorySyncRoutes(app: App, options: { jobs: JobQueue | null }): void {
  app.openapi(
    defineRoute('advisories:write', {
      method: 'post',
      path: '/api/v1/advisories/sync',
      tags: ['vulnerabilities'],
      summary: "Sync advisories from osv.dev's per-ecosystem dumps, as a job",
      description:
        'Answers 202 with the job (its result is the sync report). A sync asked for while the same one ' +
        'waits to run joins it: the answer is that job. The worker that runs it goes online (or to ' +
        'OSPO_OSV_MIRROR_URL) and keeps the dumps in its own cache folder.',
      request: {
        body: { required: false, content: { 'application/json': { schema: syncRequest } } },
      },
      responses: {
        202: json(jobAccepted, 'Queued: follow the job at `location`.'),
        ...guardedErrors,
        ...jobUnavailable,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const jobs = requireJobs(options.jobs);
      const body = c.req.valid('json') ?? {};
      const ecosystems = body.ecosystems ? [...new Set(body.ecosystems)].sort() : undefined;
      const id = await jobs.send(
        'advisories.sync',
        {
          actor: actorRef(actor),
          ...(ecosystems ? { ecosystems } : {}),
          ...(body.force ? { force: true } : {}),
        },
        {
          singletonKey: `${ecosystems?.join(',') ?? 'default'}${body.force ? ':force' : ''}`,
          summary: { ecosystems: ecosystems ?? 'default' },
        },
      );
      const answer = await answerQueued(c, jobs, id, false, (result) => result);
      return c.json(answer.body as z.infer<typeof jobAccepted>, 202);
    },
  );
}
