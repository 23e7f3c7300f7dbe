import type { QueueDefinition } from './pg-boss-queue.js';

export const jobNames = ['scan.path', 'scan.sbom', 'scan.git', 'advisories.sync'] as const;
export type JobName = (typeof jobNames)[number];

const HOUR = 60 * 60;

/**
 * Every kind of job ospokit queues, with the time after which a running one counts as lost. A sync
 * waits behind a running one rather than running beside it.
 */
export const jobDefinitions = {
  'scan.path': { expireInSeconds: 4 * HOUR },
  'scan.sbom': { expireInSeconds: 2 * HOUR },
  'scan.git': { expireInSeconds: 4 * HOUR },
  // a running sync imports as it goes: it may be cancelled while waiting, not once started
  'advisories.sync': { policy: 'stately', expireInSeconds: 8 * HOUR, cancelRunning: false },
} as const satisfies Record<JobName, QueueDefinition>;
