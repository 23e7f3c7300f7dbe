import type { ColumnType, Kysely } from 'kysely';
import type { KeysetCursor } from '../services/ports.js';
import { sql } from '../store/kysely.js';
import type { Job, JobError, JobProgress, JobState } from './queue.js';

/**
 * The tables of migration 0007_jobs, as the job queue reads and writes them. They belong to the queue,
 * as the `pgboss` schema does, so their types live here rather than in the store's schema.
 */
interface JobRecordTable {
  id: string;
  name: string;
  submitted_by: string;
  submitter_id: string | null;
  singleton_key: string | null;
  summary: ColumnType<Record<string, unknown>, string, string>;
  state: JobState;
  progress: ColumnType<JobProgress | null, string | null, string | null>;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  error: ColumnType<JobError | null, string | null, string | null>;
  created_at: ColumnType<Date, never, never>;
  started_at: ColumnType<Date | null, never, Date | null>;
  completed_at: ColumnType<Date | null, never, Date | null>;
}

interface JobUploadTable {
  job_id: string;
  content: string;
  created_at: ColumnType<Date, never, never>;
}

export interface JobTables {
  job_records: JobRecordTable;
  job_uploads: JobUploadTable;
}

export interface JobRecord {
  id: string;
  name: string;
  submittedBy: string;
  submitterId: string | null;
  singletonKey: string | null;
  summary: Record<string, unknown>;
  state: JobState;
  progress: JobProgress | null;
  result: Record<string, unknown> | null;
  error: JobError | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface NewJobRecord {
  id: string;
  name: string;
  submittedBy: string;
  submitterId: string | null;
  singletonKey: string | null;
  summary: Record<string, unknown>;
  attachment?: string | undefined;
}

export function jobRecords(db: Kysely<JobTables>) {
  return {
    /** The record and its attachment, in one transaction. */
    async insert(job: NewJobRecord): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('job_records')
          .values({
            id: job.id,
            name: job.name,
            submitted_by: job.submittedBy,
            submitter_id: job.submitterId,
            singleton_key: job.singletonKey,
            summary: JSON.stringify(job.summary),
            state: 'created',
          })
          .execute();
        if (job.attachment !== undefined) {
          await trx.insertInto('job_uploads').values({ job_id: job.id, content: job.attachment }).execute();
        }
      });
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('job_records').where('id', '=', id).execute();
    },

    async get(id: string): Promise<JobRecord | null> {
      const row = await db.selectFrom('job_records').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    /** The newest job of the name and key that has not finished, if any. */
    async pendingSingleton(name: string, key: string): Promise<JobRecord | null> {
      const row = await db
        .selectFrom('job_records')
        .selectAll()
        .where('name', '=', name)
        .where('singleton_key', '=', key)
        .where('state', 'in', ['created', 'retry', 'active'])
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    /** Newest first, by (created_at, id). */
    async list(options: {
      limit: number;
      after?: KeysetCursor | undefined;
      submitterId?: string | undefined;
      submittedBy?: string | undefined;
      name?: string | undefined;
    }): Promise<JobRecord[]> {
      let query = db.selectFrom('job_records').selectAll();
      if (options.submitterId) query = query.where('submitter_id', '=', options.submitterId);
      if (options.submittedBy) query = query.where('submitted_by', '=', options.submittedBy);
      if (options.name) query = query.where('name', '=', options.name);
      if (options.after) {
        const { key, id } = options.after;
        query = query.where(sql<boolean>`(created_at, id) < (${new Date(key)}::timestamptz, ${id}::uuid)`);
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit)
        .execute();
      return rows.map(toRecord);
    },

    /** Mark it running; false when it was cancelled meanwhile (then it is not to run). */
    async started(id: string): Promise<boolean> {
      const row = await db
        .updateTable('job_records')
        .set({ state: 'active', started_at: new Date(), completed_at: null, error: null })
        .where('id', '=', id)
        .where('state', '!=', 'cancelled')
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Mark it cancelled if it is in one of these states; true when this call did. */
    async cancel(id: string, states: readonly JobState[]): Promise<boolean> {
      const row = await db
        .updateTable('job_records')
        .set({ state: 'cancelled', completed_at: new Date() })
        .where('id', '=', id)
        .where('state', 'in', [...states])
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async isCancelled(id: string): Promise<boolean> {
      const row = await db.selectFrom('job_records').select('state').where('id', '=', id).executeTakeFirst();
      return row?.state === 'cancelled';
    },

    async setProgress(id: string, progress: JobProgress): Promise<void> {
      await db
        .updateTable('job_records')
        .set({ progress: JSON.stringify(progress) })
        .where('id', '=', id)
        .execute();
    },

    async finished(
      id: string,
      outcome:
        | { state: 'completed'; result: Record<string, unknown>; progress: JobProgress | null }
        | { state: 'failed'; error: JobError; progress: JobProgress | null },
    ): Promise<void> {
      await db
        .updateTable('job_records')
        .set({
          state: outcome.state,
          completed_at: new Date(),
          result: outcome.state === 'completed' ? JSON.stringify(outcome.result) : null,
          error: outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
          ...(outcome.progress ? { progress: JSON.stringify(outcome.progress) } : {}),
        })
        .where('id', '=', id)
        .where('state', '!=', 'cancelled') // a cancelled job stays so, whatever its handler did after
        .execute();
    },

    async attachment(id: string): Promise<string | null> {
      const row = await db
        .selectFrom('job_uploads')
        .select('content')
        .where('job_id', '=', id)
        .executeTakeFirst();
      return row?.content ?? null;
    },

    async dropAttachment(id: string): Promise<void> {
      await db.deleteFrom('job_uploads').where('job_id', '=', id).execute();
    },

    /** Uploads left behind by jobs that never ran to the end (a worker killed mid-way, say). */
    async dropStaleAttachments(olderThanDays: number): Promise<void> {
      await db
        .deleteFrom('job_uploads')
        .where(sql<boolean>`created_at < now() - ${olderThanDays} * interval '1 day'`)
        .execute();
    },
  };
}

export type JobRecords = ReturnType<typeof jobRecords>;

type Row = {
  id: string;
  name: string;
  submitted_by: string;
  submitter_id: string | null;
  singleton_key: string | null;
  summary: Record<string, unknown>;
  state: JobState;
  progress: JobProgress | null;
  result: Record<string, unknown> | null;
  error: JobError | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
};

function toRecord(row: Row): JobRecord {
  return {
    id: row.id,
    name: row.name,
    submittedBy: row.submitted_by,
    submitterId: row.submitter_id,
    singletonKey: row.singleton_key,
    summary: row.summary,
    state: row.state,
    progress: row.progress,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export function recordToJob(record: JobRecord): Job {
  return {
    id: record.id,
    name: record.name,
    state: record.state,
    progress: record.progress,
    result: record.result,
    error: record.error,
    submittedBy: record.submittedBy,
    submitterId: record.submitterId,
    summary: record.summary,
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    completedAt: record.completedAt?.toISOString() ?? null,
  };
}
