import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeMirror,
  fixtureDump,
  startFakeMirror,
} from '../../src/modules/advisories/osv-mirror/test-support.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { startTestJobs, submitAndFollow } from '../support/jobs.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
let stopJobs: () => Promise<void>;
let mirror: FakeMirror;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  mirror = await startFakeMirror();
  mirror.route('npm', { body: fixtureDump('npm'), etag: '"npm-1"' });
  const queue = await startTestJobs(store, { mirrorUrl: mirror.origin });
  stopJobs = queue.stop;
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, jobs: queue.jobs });
  const local = { kind: 'local', name: 'test' } as const;
  for (const role of ['security', 'member'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
});
afterAll(async () => {
  await stopJobs();
  await mirror.close();
  await dispose();
});

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

interface SyncResult {
  ecosystems: { ecosystem: string; status: string; error?: { code: string } }[];
  import: { inserted: number };
}

describe('advisory sync as a job', () => {
  it('answers 202, runs the sync on a worker and reports what it imported', async () => {
    const security = await as('security');
    const { accepted, job } = await submitAndFollow(security, '/api/v1/advisories/sync', {
      ecosystems: ['npm'],
    });
    expect(await accepted.json()).toMatchObject({
      job: {
        name: 'advisories.sync',
        submittedBy: 'user:security@example.com',
        summary: { ecosystems: ['npm'] },
      },
    });
    expect(job.state).toBe('completed');
    const result = job.result as unknown as SyncResult;
    expect(result.ecosystems).toMatchObject([{ ecosystem: 'npm', status: 'updated' }]);
    expect(result.import.inserted).toBeGreaterThan(0);
    expect(job.progress?.message).toMatch(/importing|downloading/);
    expect(mirror.requests.map((r) => r.ecosystem)).toEqual(['npm']);
    expect(await store.repos.advisories.count()).toBe(result.import.inserted);
  });

  it('takes a request without a body as a sync of the default ecosystems', async () => {
    const security = await as('security');
    const { job } = await submitAndFollow(security, '/api/v1/advisories/sync', undefined);
    expect(job.state).toBe('completed');
    const result = job.result as unknown as SyncResult;
    expect(result.ecosystems.find((e) => e.ecosystem === 'npm')).toMatchObject({ status: 'unchanged' });
    // the fake mirror has no other dump: each of those is that ecosystem's failure, not the job's
    expect(result.ecosystems.find((e) => e.ecosystem === 'PyPI')).toMatchObject({ status: 'failed' });
  });

  it('refuses roles without advisories:write and bad requests before queueing anything', async () => {
    const member = await as('member');
    const refused = await member.call('POST', '/api/v1/advisories/sync', { ecosystems: ['npm'] });
    expect(refused.status).toBe(403);
    const security = await as('security');
    const bad = await security.call('POST', '/api/v1/advisories/sync', { ecosystems: [] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_OSPO_VALIDATION');
    const mine = (await (await security.call('GET', '/api/v1/jobs')).json()) as { items: unknown[] };
    expect(mine.items).toHaveLength(2);
  });
});
