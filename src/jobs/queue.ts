/**
 * Long work (a server-side scan, an SBOM upload, an advisory sync) runs as a job: submitted here,
 * picked up by a worker in this process or another, followed by id. One implementation, on pg-boss,
 * serves both stores (docs/adr/0006-jobs-pg-boss.md); tests and callers see only this interface.
 */

export const jobStates = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/** States after which a job changes no more. */
export const finalStates: ReadonlySet<JobState> = new Set(['completed', 'cancelled', 'failed']);

export interface JobProgress {
  done: number;
  /** null while the amount of work is not known yet (a tree still being walked). */
  total: number | null;
  message: string;
}

/** A failed job's coded error: what the API shows. Never a stack. */
export interface JobError {
  code: string;
  message: string;
  hint: string | null;
  /** The HTTP status the error has as a problem answer (for a request that waited for the job). */
  status: number;
}

/**
 * Who submitted a job, as the job data carries it: the handler looks them up and acts as them again.
 * `display` is the audit log's name for them; `userId` the user a token belongs to, if any.
 */
export type ActorRef = { display: string } & (
  | { kind: 'user'; userId: string }
  | { kind: 'local'; name: string }
  | { kind: 'token'; tokenId: string; userId: string | null }
);

/** Every ospokit job names its submitter. */
export interface JobData {
  actor: ActorRef;
  [key: string]: unknown;
}

export interface Job {
  id: string;
  name: string;
  state: JobState;
  progress: JobProgress | null;
  result: Record<string, unknown> | null;
  error: JobError | null;
  /** The submitter as the audit log names them (`user:ada@example.com`). */
  submittedBy: string;
  /** The submitting user's id (or the owner's, for a token); null for the local operator or a team token. */
  submitterId: string | null;
  /** A few words about what the job works on (project, file name), for lists. */
  summary: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface SendOptions {
  /** At most one job of the name and key waits and one runs; a send meanwhile answers the waiting one. */
  singletonKey?: string;
  summary?: Record<string, unknown>;
  /** A large text the handler reads with `ctx.attachment()` (an uploaded SBOM), kept beside the queue. */
  attachment?: string;
}

export interface JobContext {
  /** Record how far the job is; cheap to call often (writes are coalesced). */
  progress(progress: JobProgress): void;
  /** The text sent with the job, or null. */
  attachment(): Promise<string | null>;
  /**
   * Aborted once the job is cancelled: check it between steps (`throwIfCancelled`), and stop before
   * saving anything. Whatever the handler does then, the job stays cancelled.
   */
  signal: AbortSignal;
}

export interface RunningJob<D extends JobData = JobData> {
  id: string;
  name: string;
  data: D;
}

/** Returns the job's result (small, JSON); throws an OspoError to fail it with that code. */
export type JobHandler<D extends JobData = JobData> = (
  job: RunningJob<D>,
  ctx: JobContext,
) => Promise<Record<string, unknown>>;

export interface JobListOptions {
  limit: number;
  cursor?: string | undefined;
  /** Only jobs this user (or a token of theirs) submitted. */
  submitterId?: string | undefined;
  /** Only jobs submitted under this name (`token:ci@ada@example.com`). */
  submittedBy?: string | undefined;
  name?: string | undefined;
}

export interface JobQueue {
  /** Queue a job; answers its id (the waiting job's id when a singleton key matched one). */
  send(name: string, data: JobData, options?: SendOptions): Promise<string>;
  get(id: string): Promise<Job | null>;
  /** Newest first. */
  list(options: JobListOptions): Promise<{ items: Job[]; next: string | null }>;
  /** Run jobs of this name in this process, `concurrency` at a time. Call after start(). */
  work(name: string, handler: JobHandler, options?: { concurrency?: number }): Promise<void>;
  /**
   * Cancel a job that has not finished: its record says `cancelled` at once, a waiting job never runs,
   * a running one's handler sees `ctx.signal` aborted (in this process at once, on other workers at
   * their next check). `cancelled` is false when the job had finished already; null: no such job.
   */
  cancel(id: string): Promise<{ job: Job; cancelled: boolean } | null>;
  /** Poll until the job is completed, failed or cancelled, or the time is up (then its current state). */
  waitFor(id: string, options?: { timeoutMs?: number }): Promise<Job | null>;
  start(): Promise<void>;
  /** Stop taking jobs; let those running finish (up to graceMs), then let go of the database. */
  stop(options?: { graceMs?: number }): Promise<void>;
}
