import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/pg-boss-queue.js';
import type { ActorRef, JobQueue } from '../../src/jobs/queue.js';
import { type JobTables, jobRecords } from '../../src/jobs/records.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const actor: ActorRef = { kind: 'local', name: 'test', display: 'local:test' };

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(backends)('cancelling jobs on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let queue: JobQueue;
  const aborted: string[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    queue = createJobQueue(store.database, {
      definitions: {
        'test.waiting': { expireInSeconds: 600 },
        'test.running': { expireInSeconds: 600 },
      },
      pollingIntervalSeconds: 0.5,
    });
    await queue.start();
    await queue.work('test.running', async (job, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      aborted.push(job.id);
      throw new Error('stopped'); // whatever a cancelled handler throws, the job stays cancelled
    });
  });
  afterAll(async () => {
    await queue?.stop({ graceMs: 1000 });
    await dispose();
  });

  it('cancels a waiting job in its record and in pg-boss, and only once', async () => {
    const id = await queue.send('test.waiting', { actor });
    const outcome = await queue.cancel(id);
    expect(outcome).toMatchObject({ cancelled: true, job: { id, state: 'cancelled', error: null } });
    expect((await queue.cancel(id))?.cancelled).toBe(false);
    expect(await queue.cancel('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await queue.waitFor(id, { timeoutMs: 1000 })).toMatchObject({ state: 'cancelled' });
  });

  it('aborts the signal of a running job cancelled in this process, and keeps it cancelled', async () => {
    const id = await queue.send('test.running', { actor });
    // the record, not pg-boss's view, must say running: before that, a cancel stops it from starting
    const records = jobRecords(store.database.db as unknown as Kysely<JobTables>);
    await until(async () => (await records.get(id))?.state === 'active', 'the job to run');
    expect((await queue.cancel(id))?.cancelled).toBe(true);
    await until(async () => aborted.includes(id), 'the handler to see the cancel');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queue.get(id)).toMatchObject({ state: 'cancelled', error: null, result: null });
  });

  it('aborts a running job whose record another process marked cancelled', async () => {
    const id = await queue.send('test.running', { actor });
    const records = jobRecords(store.database.db as unknown as Kysely<JobTables>);
    // as above: the handler is under way once the record says so
    await until(async () => (await records.get(id))?.state === 'active', 'the job to run');
    // what the cancelling process writes; this process learns of it at its next check
    expect(await records.cancel(id, ['active'])).toBe(true);
    await until(async () => aborted.includes(id), 'the handler to see the cancel');
    expect(await queue.get(id)).toMatchObject({ state: 'cancelled', error: null });
  });
});
