import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import type { JobData } from '../queue.js';

/** Job data comes back from the database: read it through a schema like any other input. */
const actorRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.uuid(), display: z.string() }),
  z.object({ kind: z.literal('local'), name: z.string(), display: z.string() }),
  z.object({ kind: z.literal('token'), tokenId: z.uuid(), userId: z.uuid().nullable(), display: z.string() }),
]);

export const scanPathData = z.object({ actor: actorRef, projectId: z.uuid(), path: z.string().min(1) });
/** `url` carries no userinfo: credentials, if any, travel as the job's attachment, dropped once it ran. */
export const scanGitData = z.object({
  actor: actorRef,
  projectId: z.uuid(),
  url: z.string().min(1),
  ref: z.string().min(1).nullable(),
});
export const scanSbomData = z.object({ actor: actorRef, projectId: z.uuid(), name: z.string() });
export const advisorySyncData = z.object({
  actor: actorRef,
  ecosystems: z.array(z.string().min(1)).optional(),
  force: z.boolean().optional(),
});

export type ScanPathData = z.infer<typeof scanPathData>;
export type ScanGitData = z.infer<typeof scanGitData>;
export type ScanSbomData = z.infer<typeof scanSbomData>;
export type AdvisorySyncData = z.infer<typeof advisorySyncData>;

export function readData<T>(schema: z.ZodType<T>, data: JobData, job: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InputError('ERR_OSPO_JOB_DATA', `the ${job} job's data is not what this ospokit expects`, {
    hint: 'Was it queued by another ospokit version? Submit it again.',
  });
}
