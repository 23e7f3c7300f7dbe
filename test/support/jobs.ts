import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.js';
import { startJobs } from '../../src/jobs/worker.js';
import type { OpenStore } from '../../src/store/index.js';
import type { Client } from './http.js';

/** The job queue over a test store, with a worker for every kind of job in this process. */
export async function startTestJobs(
  store: OpenStore,
  options: { scanRoots?: readonly string[]; mirrorUrl?: string } = {},
): Promise<{ jobs: JobQueue; stop: () => Promise<void> }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-jobs-mirror-'));
  const jobs = await startJobs(store, {
    workers: { concurrency: 1 },
    handlers: {
      version: 'test',
      scanRoots: options.scanRoots ?? [],
      advisories: { cacheDir, ...(options.mirrorUrl ? { baseUrl: options.mirrorUrl } : {}) },
    },
    pollingIntervalSeconds: 0.5,
  });
  return {
    jobs,
    async stop() {
      await jobs.stop({ graceMs: 1000 });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface JobBody {
  id: string;
  name: string;
  state: string;
  progress: { done: number; total: number | null; message: string } | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string; hint: string | null } | null;
}

/** Poll a job through the API until it has finished; no timing, only a generous limit. */
export async function followJob(client: Client, location: string, timeoutMs = 60_000): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.call('GET', location);
    expect(res.status, await res.clone().text()).toBe(200);
    const job = (await res.json()) as JobBody;
    if (['completed', 'failed', 'cancelled'].includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${location} still ${job.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** POST something that answers 202 with a job, follow it, and answer the finished job. */
export async function submitAndFollow(
  client: Client,
  url: string,
  body: unknown,
): Promise<{ accepted: Response; job: JobBody }> {
  const accepted = await client.call('POST', url, body);
  expect(accepted.status, await accepted.clone().text()).toBe(202);
  const { location } = (await accepted.clone().json()) as { location: string };
  expect(accepted.headers.get('location')).toBe(location);
  return { accepted, job: await followJob(client, location) };
}
