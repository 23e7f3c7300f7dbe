import type { OpenStore } from '../store/index.js';
import { jobDefinitions, jobNames } from './definitions.js';
import type { HandlerConfig } from './handlers/index.js';
import { createJobQueue } from './pg-boss-queue.js';
import type { JobQueue } from './queue.js';

export interface StartJobsOptions {
  /** Run jobs in this process too, so many of each kind at once; false only queues and reports. */
  workers: false | { concurrency: number };
  handlers: HandlerConfig;
  log?: (line: string) => void;
  pollingIntervalSeconds?: number;
}

/** The queue over the store, started; with workers for every kind of job unless told otherwise. */
export async function startJobs(store: OpenStore, options: StartJobsOptions): Promise<JobQueue> {
  const queue = createJobQueue(store.database, {
    definitions: jobDefinitions,
    ...(options.log ? { log: options.log } : {}),
    ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
  });
  await queue.start();
  if (!options.workers) return queue;
  try {
    const { jobHandlers } = await import('./handlers/index.js');
    const handlers = jobHandlers(store, options.handlers);
    for (const name of jobNames) await queue.work(name, handlers[name], options.workers);
  } catch (error) {
    await queue.stop({ graceMs: 0 });
    throw error;
  }
  return queue;
}
