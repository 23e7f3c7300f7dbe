import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { OspoError, SourceUnavailableError } from '../core/errors.js';
import { decodeCursor, toPage } from '../services/cursor.js';
import { isUuid } from '../services/projects.js';
import type { OpenDatabase } from '../store/database.js';
import { interruptedError } from './errors.js';
import { pgliteDb } from './pglite-adapter.js';
import {
  finalStates,
  type Job,
  type JobData,
  type JobQueue,
  type JobState,
  type SendOptions,
} from './queue.js';
import { type JobRecord, type JobTables, jobRecords, recordToJob } from './records.js';
import { runJob } from './run.js';

/** How one kind of job is queued. */
export interface QueueDefinition {
  /** `stately`: at most one waiting and one running per singleton key (pg-boss's queue policies). */
  policy?: 'standard' | 'stately';
  /** A running job not finished by then is failed by pg-boss's maintenance (at most 23 hours). */
  expireInSeconds: number;
  /** false: only a waiting job of this kind may be cancelled, not a running one (default true). */
  cancelRunning?: boolean;
}

export interface PgBossQueueOptions {
  definitions: Readonly<Record<string, QueueDefinition>>;
  /** How often an idle worker asks for work (default 2 s); jobs sent from this process wake it at once. */
  pollingIntervalSeconds?: number;
  /** Connections pg-boss opens to PostgreSQL (default 4); unused on PGlite. */
  poolSize?: number;
  log?: (line: string) => void;
}

const SCHEMA = 'pgboss';
const WAIT_POLL_MS = 500;

/**
 * The job queue on pg-boss, over either store: on PostgreSQL pg-boss opens its own pool to the same
 * database; on PGlite it shares the one connection through `pgliteDb`. The queue row (state, timing,
 * locking) is pg-boss's; progress, result and error live in `job_records` (see the ADR).
 */
export function createJobQueue(database: OpenDatabase, options: PgBossQueueOptions): JobQueue {
  const records = jobRecords(database.db as unknown as Kysely<JobTables>);
  const log = options.log ?? (() => {});
  const finished = new EventEmitter().setMaxListeners(0);
  const localWorkers = new Map<string, string[]>();
  const running = new Map<string, Promise<void>>();
  const aborts = new Map<string, AbortController>();
  let boss: PgBoss | null = null;
  let stopping = false;

  const started = (): PgBoss => {
    if (!boss || stopping) {
      throw new SourceUnavailableError('ERR_OSPO_JOBS_UNAVAILABLE', 'the job queue is not running', {
        hint: 'Start it with `ospo serve` (or `ospo worker` on PostgreSQL).',
      });
    }
    return boss;
  };

  async function trySend(b: PgBoss, name: string, data: JobData, opts: SendOptions): Promise<string | null> {
    const definition = options.definitions[name] as QueueDefinition;
    const id = randomUUID();
    await records.insert({
      id,
      name,
      submittedBy: data.actor.display,
      submitterId: data.actor.kind === 'local' ? null : data.actor.userId,
      singletonKey: opts.singletonKey ?? null,
      summary: opts.summary ?? {},
      attachment: opts.attachment,
    });
    let sent: string | null;
    try {
      sent = await b.send(name, data, {
        id,
        retryLimit: 0,
        expireInSeconds: definition.expireInSeconds,
        ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      });
    } catch (error) {
      await records.delete(id).catch(() => {});
      throw error;
    }
    if (sent) return sent;
    await records.delete(id);
    return null;
  }

  async function view(record: JobRecord): Promise<Job> {
    if (finalStates.has(record.state) || !boss) return recordToJob(record);
    const queued = await boss.getJobById(record.name, record.id, { includeArchive: true });
    if (!queued) return recordToJob(record); // not sent yet, or long since dropped by pg-boss
    const state = queued.state as JobState;
    if (!finalStates.has(state)) {
      return recordToJob({ ...record, state, startedAt: record.startedAt ?? queued.startedOn ?? null });
    }
    const fresh = await records.get(record.id); // the handler may have finished since the first read
    if (fresh && finalStates.has(fresh.state)) return recordToJob(fresh);
    // pg-boss ended it without our handler doing so: a time limit, or a worker that stopped
    const error = state === 'failed' ? interruptedError(queued.output) : null;
    const outcome = { ...record, state, error, completedAt: queued.completedOn ?? new Date() };
    if (state === 'failed' && error) await records.finished(record.id, { state, error, progress: null });
    return recordToJob(outcome);
  }

  const queue: JobQueue = {
    async start() {
      if (boss) return;
      const { default: PgBossClass } = await import('pg-boss');
      const common = {
        schema: SCHEMA,
        schedule: false,
        supervise: true,
        migrate: true,
        application_name: 'ospokit-jobs',
      } as const;
      const instance = database.pglite
        ? new PgBossClass({ ...common, db: pgliteDb(database.db as Kysely<unknown>, database.pglite) })
        : new PgBossClass({
            ...common,
            connectionString: database.connectionString ?? '',
            max: options.poolSize ?? 4,
          });
      instance.on('error', (error) => log(`job queue: ${error.message}`));
      try {
        await instance.start();
        for (const [name, definition] of Object.entries(options.definitions)) {
          const queueOptions = {
            name,
            policy: definition.policy ?? 'standard',
            retryLimit: 0,
            expireInSeconds: definition.expireInSeconds,
          };
          await instance.createQueue(name, queueOptions);
          await instance.updateQueue(name, queueOptions);
        }
        await records.dropStaleAttachments(7);
      } catch (cause) {
        await instance.stop({ graceful: false, close: true }).catch(() => {});
        throw new SourceUnavailableError(
          'ERR_OSPO_JOBS_START',
          `cannot start the job queue: ${describe(cause)}`,
          {
            cause,
            hint: 'Check that the database is reachable and that this user may create the schema `pgboss`.',
          },
        );
      }
      stopping = false;
      boss = instance;
    },

    async send(name, data, opts = {}) {
      const b = started();
      if (!options.definitions[name]) {
        throw new OspoError('ERR_OSPO_JOB_UNKNOWN', `no job type "${name}"`);
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const id = await trySend(b, name, data, opts);
        if (id) {
          for (const worker of localWorkers.get(name) ?? []) b.notifyWorker(worker);
          return id;
        }
        // a singleton is waiting already: answer with it, unless it finished in the meantime
        const pending = opts.singletonKey ? await records.pendingSingleton(name, opts.singletonKey) : null;
        if (pending && !finalStates.has((await view(pending)).state)) return pending.id;
      }
      throw new SourceUnavailableError('ERR_OSPO_JOBS_BUSY', `could not queue a ${name} job`, {
        hint: 'Try again in a moment.',
      });
    },

    async get(id) {
      const record = isUuid(id) ? await records.get(id) : null;
      return record ? view(record) : null;
    },

    async list({ limit, cursor, ...filter }) {
      const rows = await records.list({ limit: limit + 1, after: decodeCursor(cursor), ...filter });
      const page = toPage(rows, limit, (r) => ({ key: r.createdAt.toISOString(), id: r.id }));
      return { items: await Promise.all(page.items.map(view)), next: page.next };
    },

    async work(name, handler, { concurrency = 1 } = {}) {
      const b = started();
      const ids = localWorkers.get(name) ?? [];
      for (let i = 0; i < concurrency; i++) {
        const workOptions = { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
        const id = await b.work<JobData>(name, workOptions, async ([job]) => {
          if (!job) return;
          const cancel = new AbortController();
          aborts.set(job.id, cancel);
          const done = runJob({ records, log, stopping: () => stopping }, name, job, handler, cancel);
          running.set(job.id, done);
          try {
            await done;
          } finally {
            running.delete(job.id);
            aborts.delete(job.id);
            finished.emit(job.id);
          }
        });
        ids.push(id);
      }
      localWorkers.set(name, ids);
    },

    async cancel(id) {
      const b = started();
      const record = isUuid(id) ? await records.get(id) : null;
      if (!record) return null;
      const before = await view(record);
      const stoppable = options.definitions[record.name]?.cancelRunning !== false;
      const states: JobState[] = stoppable ? ['created', 'retry', 'active'] : ['created', 'retry'];
      if (!states.includes(before.state) || !(await records.cancel(id, states))) {
        return { job: (await queue.get(id)) ?? before, cancelled: false };
      }
      await b.cancel(record.name, id).catch((error: unknown) => log(`job queue: ${describe(error)}`));
      aborts.get(id)?.abort();
      if (before.state !== 'active') await records.dropAttachment(id); // a running one drops its own
      finished.emit(id);
      return { job: (await queue.get(id)) ?? before, cancelled: true };
    },

    async waitFor(id, { timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await queue.get(id);
        if (!job || finalStates.has(job.state) || Date.now() >= deadline) return job;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(
            () => {
              finished.off(id, done);
              resolve();
            },
            Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())),
          );
          finished.once(id, done);
        });
      }
    },

    async stop({ graceMs = 30_000 } = {}) {
      const b = boss;
      if (!b || stopping) return;
      stopping = true;
      await b.stop({ graceful: true, wait: true, close: true, timeout: graceMs }).catch((error: unknown) => {
        log(`job queue: ${describe(error)}`);
      });
      // pg-boss failed the jobs still running at the deadline; say so in their records too
      const error = interruptedError(null);
      for (const id of running.keys()) {
        await records.finished(id, { state: 'failed', error, progress: null }).catch(() => {});
      }
      localWorkers.clear();
      boss = null;
    },
  };
  return queue;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
