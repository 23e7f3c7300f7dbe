import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * The records of long work run as jobs (docs/adr/0006-jobs-pg-boss.md). pg-boss keeps its queue in its
 * own schema `pgboss`, created and upgraded by pg-boss itself; what the API reports about a job lives
 * here: who submitted it, its progress, its result or its coded error. A job's id is its pg-boss id.
 * An uploaded document waits in job_uploads until its job has run, so it never rides in the queue row.
 */
export const jobs: Migration = {
  id: '0007_jobs',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table job_records (
    id uuid primary key,
    name text not null,
    submitted_by text not null,
    submitter_id uuid references users (id) on delete set null,
    singleton_key text,
    summary jsonb not null default '{}'::jsonb,
    state text not null default 'created'
      check (state in ('created', 'retry', 'active', 'completed', 'cancelled', 'failed')),
    progress jsonb,
    result jsonb,
    error jsonb,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    started_at timestamptz,
    completed_at timestamptz
  )`,
  `create index job_records_created_idx on job_records (created_at desc, id desc)`,
  `create index job_records_submitter_idx on job_records (submitter_id, created_at desc, id desc)`,
  `create index job_records_submitted_by_idx on job_records (submitted_by, created_at desc, id desc)`,
  `create index job_records_singleton_idx on job_records (name, singleton_key, created_at desc)
    where singleton_key is not null`,
  `create table job_uploads (
    job_id uuid primary key references job_records (id) on delete cascade,
    content text not null,
    created_at timestamptz not null default now()
  )`,
];
