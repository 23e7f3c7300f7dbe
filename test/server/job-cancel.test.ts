import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/core/schemas.js';
import { actorRef } from '../../src/jobs/actor.js';
import { throwIfCancelled } from '../../src/jobs/errors.js';
import { createJobQueue } from '../../src/jobs/pg-boss-queue.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let queue: JobQueue;
let app: ReturnType<typeof createApp>;
const users: Record<string, User> = {};
/** What the waiting handler saw: whether its signal was aborted before it returned. */
const seen: { aborted: boolean }[] = [];
let releaseLocked = () => {};

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  queue = createJobQueue(store.database, {
    definitions: {
      'test.idle': { expireInSeconds: 600 },
      'test.never': { expireInSeconds: 600 },
      'test.quick': { expireInSeconds: 600 },
      'test.wait': { expireInSeconds: 600 },
      'test.locked': { expireInSeconds: 600, cancelRunning: false },
    },
    pollingIntervalSeconds: 0.5,
  });
  await queue.start();
  await queue.work('test.quick', async () => ({ ok: true }));
  // runs until cancelled, then returns a result anyway: the job must stay cancelled
  await queue.work('test.wait', async (_job, ctx) => {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    seen.push({ aborted: ctx.signal.aborted });
    return { made: 'something' };
  });
  await queue.work('test.locked', async (_job, ctx) => {
    await new Promise<void>((resolve) => {
      releaseLocked = resolve;
    });
    throwIfCancelled(ctx.signal);
    return {};
  });
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, jobs: queue });
  for (const [name, role] of [
    ['admin', 'admin'],
    ['ospo', 'ospo'],
    ['member', 'member'],
    ['other', 'member'],
  ] as const) {
    users[name] = await createUser(store, local, {
      email: `${name}@example.com`,
      name,
      role,
      password: PASSWORD,
    });
  }
});

afterAll(async () => {
  releaseLocked();
  await queue?.stop({ graceMs: 1000 });
  await dispose();
});

async function as(name: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${name}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

function sendAs(name: string, job: string): Promise<string> {
  return queue.send(job, { actor: actorRef({ kind: 'user', user: users[name] as User }) });
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cancel = (client: Client, id: string) => client.call('POST', `/api/v1/jobs/${id}/cancel`);

describe('POST /api/v1/jobs/{id}/cancel', () => {
  it('cancels a waiting job for its submitter: it never runs, and the cancel is audited', async () => {
    const id = await sendAs('member', 'test.idle');
    const member = await as('member');
    const res = await cancel(member, id);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id, state: 'cancelled', error: null, result: null });
    const shown = await (await member.call('GET', `/api/v1/jobs/${id}`)).json();
    expect(shown).toMatchObject({ state: 'cancelled' });
    expect((shown as { completedAt: string | null }).completedAt).not.toBeNull();
    await queue.work('test.idle', async () => ({ ran: true }));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a worker had time to take it, had it been there
    expect(await queue.get(id)).toMatchObject({ state: 'cancelled', result: null });
    const [entry] = await store.repos.audit.list({ limit: 1, action: 'job.cancel' });
    expect(entry).toMatchObject({
      actor: 'user:member@example.com',
      targetType: 'job',
      targetId: id,
      details: { name: 'test.idle', state: 'created' },
    });
  });

  it('cancels a running job: its handler sees the signal, and what it returns is not kept', async () => {
    const id = await sendAs('member', 'test.wait');
    await until(async () => (await queue.get(id))?.state === 'active', 'the job to run');
    const res = await cancel(await as('admin'), id); // an admin may cancel anyone's job
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id, state: 'cancelled' });
    expect(await queue.waitFor(id)).toMatchObject({ state: 'cancelled', result: null, error: null });
    await until(async () => seen.length > 0, 'the handler to return');
    expect(seen).toEqual([{ aborted: true }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queue.get(id)).toMatchObject({ state: 'cancelled', result: null });
  });

  it('answers 409 for a job that has finished, or been cancelled already', async () => {
    const member = await as('member');
    const id = await sendAs('member', 'test.quick');
    expect(await queue.waitFor(id)).toMatchObject({ state: 'completed' });
    const res = await cancel(member, id);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'ERR_OSPO_JOB_FINISHED', hint: expect.any(String) });
    expect(await queue.get(id)).toMatchObject({ state: 'completed', result: { ok: true } });
    const waiting = await sendAs('member', 'test.never');
    expect((await cancel(member, waiting)).status).toBe(200);
    const again = await cancel(member, waiting);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('ERR_OSPO_JOB_FINISHED');
  });

  it('lets neither other users nor the OSPO cancel a job that is not theirs', async () => {
    const id = await sendAs('member', 'test.never');
    const ospo = await cancel(await as('ospo'), id); // sees every job, may not cancel it
    expect(ospo.status).toBe(403);
    expect(((await ospo.json()) as { code: string }).code).toBe('ERR_OSPO_FORBIDDEN');
    const other = await cancel(await as('other'), id); // does not see it at all
    expect(other.status).toBe(404);
    expect((await new Client(app).call('POST', `/api/v1/jobs/${id}/cancel`)).status).toBe(401);
    expect((await cancel(await as('member'), 'not-a-uuid')).status).toBe(404);
    expect(await queue.get(id)).toMatchObject({ state: 'created' });
    expect((await cancel(await as('member'), id)).status).toBe(200);
  });

  it('cancels a kind that must not stop once running only while it waits', async () => {
    const first = await sendAs('member', 'test.locked');
    await until(async () => (await queue.get(first))?.state === 'active', 'the job to run');
    const member = await as('member');
    const running = await cancel(member, first);
    expect(running.status).toBe(409);
    expect(((await running.json()) as { code: string }).code).toBe('ERR_OSPO_JOB_RUNNING');
    releaseLocked();
    expect(await queue.waitFor(first)).toMatchObject({ state: 'completed' });
  });

  it('answers 503 when the server runs no job queue', async () => {
    const bare = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
    const client = new Client(bare);
    expect((await client.login('member@example.com', PASSWORD)).status).toBe(200);
    const res = await client.call('POST', '/api/v1/jobs/00000000-0000-4000-8000-000000000000/cancel');
    expect(res.status).toBe(503);
  });
});
