import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { actorRef } from '../../src/jobs/actor.js';
import { jobDefinitions } from '../../src/jobs/definitions.js';
import { createJobQueue } from '../../src/jobs/pg-boss-queue.js';
import { pgliteDb } from '../../src/jobs/pglite-adapter.js';
import type { ActorRef, Job, JobContext, JobQueue } from '../../src/jobs/queue.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const actor: ActorRef = { kind: 'local', name: 'test', display: 'local:test' };

/** A promise the test resolves when it has seen what it waits for. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Poll until check answers something truthy; only a generous limit, no timing. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(backends)('job queue on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let queue: JobQueue;
  let ada: ActorRef & { kind: 'user' };
  const halfway = gate();
  const release = gate();
  const singletonRelease = gate();

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    const user = await createUser(store, actor, {
      email: 'ada@example.com',
      name: 'Ada',
      role: 'member',
      password: 'a long enough password',
    });
    ada = actorRef({ kind: 'user', user }) as ActorRef & { kind: 'user' };
    queue = createJobQueue(store.database, {
      definitions: {
        'test.echo': { expireInSeconds: 600 },
        'test.fail': { expireInSeconds: 600 },
        'test.progress': { expireInSeconds: 600 },
        'test.single': { policy: 'stately', expireInSeconds: 600 },
        'test.idle': { expireInSeconds: 600 },
      },
      pollingIntervalSeconds: 0.5,
    });
    await queue.start();
    await queue.work('test.echo', async (job, ctx) => ({
      echo: job.data.value,
      attachment: await ctx.attachment(),
    }));
    await queue.work('test.fail', async () => {
      throw new InputError('ERR_OSPO_TEST_BROKEN', 'the input was broken', { hint: 'Mend it.' });
    });
    await queue.work('test.progress', async (_job, ctx: JobContext) => {
      ctx.progress({ done: 1, total: 2, message: 'half way' });
      halfway.open();
      await release.opened;
      ctx.progress({ done: 2, total: 2, message: 'done' });
      return {};
    });
    await queue.work('test.single', async () => {
      await singletonRelease.opened;
      return {};
    });
  });
  afterAll(async () => {
    await queue?.stop({ graceMs: 1000 });
    await dispose();
  });

  it('runs a job to completion and keeps its result; an attachment reaches the handler', async () => {
    const id = await queue.send(
      'test.echo',
      { actor, value: 42 },
      { attachment: 'the text', summary: { x: 1 } },
    );
    const job = await queue.waitFor(id);
    expect(job).toMatchObject({
      id,
      name: 'test.echo',
      state: 'completed',
      result: { echo: 42, attachment: 'the text' },
      error: null,
      submittedBy: 'local:test',
      submitterId: null,
      summary: { x: 1 },
    });
    const done = job as Job;
    expect(Date.parse(done.createdAt)).toBeLessThanOrEqual(Date.parse(done.startedAt ?? ''));
    expect(Date.parse(done.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(done.completedAt ?? ''));
    const left = await sql<{ n: number }>`select count(*)::int as n from job_uploads`.execute(
      store.database.db,
    );
    expect(left.rows[0]?.n).toBe(0); // dropped once the job has run
  });

  it('fails a job with its coded error, and no stack', async () => {
    const id = await queue.send('test.fail', { actor: ada });
    const job = await queue.waitFor(id);
    expect(job).toMatchObject({
      state: 'failed',
      result: null,
      error: { code: 'ERR_OSPO_TEST_BROKEN', message: 'the input was broken', hint: 'Mend it.', status: 400 },
      submittedBy: 'user:ada@example.com',
      submitterId: ada.userId,
    });
    expect(JSON.stringify(job)).not.toContain('.ts:');
  });

  it('reports progress while a job runs', async () => {
    const id = await queue.send('test.progress', { actor });
    await halfway.opened;
    const running = await until(async () => {
      const job = await queue.get(id);
      return job?.progress?.done === 1 ? job : null;
    }, 'progress 1 of 2');
    expect(running).toMatchObject({ state: 'active', progress: { done: 1, total: 2, message: 'half way' } });
    expect(running.startedAt).not.toBeNull();
    release.open();
    expect(await queue.waitFor(id)).toMatchObject({ state: 'completed', progress: { done: 2, total: 2 } });
  });

  it('keeps a job waiting while nobody works on it, and answers null for ids it never gave out', async () => {
    const id = await queue.send('test.idle', { actor });
    expect(await queue.get(id)).toMatchObject({ state: 'created', startedAt: null, progress: null });
    expect(await queue.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await queue.get('not an id')).toBeNull();
    await expect(queue.send('test.nonesuch', { actor })).rejects.toMatchObject({
      code: 'ERR_OSPO_JOB_UNKNOWN',
    });
  });

  it.runIf(backend.name === 'pglite')(
    'never lets a queue statement land inside an open store transaction on the one PGlite connection',
    async () => {
      const pglite = store.database.pglite as NonNullable<typeof store.database.pglite>;
      const adapter = pgliteDb(store.database.db as Kysely<unknown>, pglite);
      const entered = gate();
      const leave = gate();
      const transaction = store
        .transaction(async (repos) => {
          await repos.projects.insert({
            name: 'rolled-back',
            description: null,
            ownerTeamId: null,
            lifecycle: 'production',
            relation: 'uses',
            distribution: null,
          });
          entered.open();
          await leave.opened;
          throw new Error('roll it back');
        })
        .catch((error: Error) => error.message);
      await entered.opened;
      // asked while the transaction is open: inside it, it would see the row not yet rolled back
      const seen = adapter.executeSql('select count(*)::int as n from projects where name = $1', [
        'rolled-back',
      ]);
      const multi = adapter.executeSql(
        "select 1; select count(*)::int as n from projects where name = 'rolled-back'",
      );
      leave.open();
      expect(await transaction).toBe('roll it back');
      expect((await seen).rows).toEqual([{ n: 0 }]);
      expect((await multi).rows).toEqual([{ n: 0 }]); // several statements: the last one's rows
      // a failed BEGIN ... COMMIT string leaves no transaction open behind it
      await expect(adapter.executeSql('begin; select 1/0; commit;')).rejects.toThrow();
      expect((await adapter.executeSql('select 2 as two')).rows).toEqual([{ two: 2 }]);
      expect(await store.repos.projects.getByName('rolled-back')).toBeNull();
    },
  );

  it('answers the waiting job when a singleton key matches one', async () => {
    const first = await queue.send('test.single', { actor }, { singletonKey: 'k' });
    await until(async () => (await queue.get(first))?.state === 'active', 'the first to run');
    const second = await queue.send('test.single', { actor }, { singletonKey: 'k' });
    expect(second).not.toBe(first);
    expect(await queue.send('test.single', { actor }, { singletonKey: 'k' })).toBe(second);
    const other = await queue.send('test.single', { actor }, { singletonKey: 'other' });
    expect(other).not.toBe(second);
    singletonRelease.open();
    for (const id of [first, second, other]) expect((await queue.waitFor(id))?.state).toBe('completed');
  });

  it('lists jobs newest first, page by page, and by submitter', async () => {
    const first = await queue.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const rest = await queue.list({ limit: 100, cursor: first.next ?? undefined });
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
    const times = all.map((j) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const adas = await queue.list({ limit: 10, submitterId: ada.userId });
    expect(adas.items.map((j) => j.name)).toEqual(['test.fail']);
    const echoes = await queue.list({ limit: 10, name: 'test.echo' });
    expect(echoes.items.map((j) => j.name)).toEqual(['test.echo']);
  });
});

const postgres = backends.find((b) => b.name === 'postgres');

describe.runIf(postgres)('ospo worker on PostgreSQL', () => {
  const bin = path.resolve('bin/ospo.js');
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let url: string;
  let queue: JobQueue;
  let child: ChildProcess | undefined;
  let root: string;

  beforeAll(async () => {
    const fresh = await (postgres as NonNullable<typeof postgres>).fresh();
    ({ store, dispose } = fresh);
    url = fresh.config.kind === 'postgres' ? fresh.config.url : '';
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-worker-'));
    fs.copyFileSync(
      path.resolve('src/modules/ecosystems/cargo-lock/__fixtures__/v3-workspace.lock'),
      path.join(root, 'Cargo.lock'),
    );
    // this process only queues: the work is done by the worker started below
    queue = createJobQueue(store.database, { definitions: jobDefinitions });
    await queue.start();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await queue?.stop({ graceMs: 1000 });
    await dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs a job sent by another process, then stops cleanly on SIGTERM', async () => {
    expect(fs.existsSync(path.resolve('dist/cli/main.js')), 'run npm run build first').toBe(true);
    const project = await createProject(store, { kind: 'local', name: 'test' }, { name: 'crate' });
    const id = await queue.send('scan.path', { actor, projectId: project.id, path: root });
    expect((await queue.get(id))?.state).toBe('created');

    let stderr = '';
    child = spawn(process.execPath, [bin, 'worker', '--concurrency', '2'], {
      env: { ...process.env, DATABASE_URL: url, OSPO_SCAN_ROOTS: root, OSPO_DATA_DIR: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const job = await queue.waitFor(id, { timeoutMs: 120_000 });
    expect(job, stderr).toMatchObject({ state: 'completed', error: null });
    expect(job?.result?.scan).toMatchObject({ packageCount: 3, source: 'path', projectId: project.id });
    expect(stderr).toContain(
      'worker running scan.path, scan.sbom, scan.git, advisories.sync, 2 at a time each',
    );

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain('stopped');
  }, 180_000); // a process to start and a scan to run: generous, never a timing the test depends on
});
