import type { Store } from '../../services/ports.js';
import { syncAdvisories } from '../../services/vulnerabilities/sync.js';
import { restoreActor } from '../actor.js';
import type { JobHandler } from '../queue.js';
import { advisorySyncData, readData } from './data.js';

export interface AdvisorySyncConfig {
  /** Where this worker keeps the downloaded dumps between syncs. */
  cacheDir: string;
  /** OSPO_OSV_MIRROR_URL; osv.dev when absent. */
  baseUrl?: string | undefined;
}

/** `advisories.sync`: osv.dev's dumps downloaded and imported as `ospo advisories sync` does. */
export function advisorySyncHandler(store: Store, config: AdvisorySyncConfig): JobHandler {
  return async (job, ctx) => {
    const data = readData(advisorySyncData, job.data, job.name);
    const actor = await restoreActor(store, data.actor);
    const report = await syncAdvisories(store, actor, {
      cacheDir: config.cacheDir,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      ...(data.ecosystems ? { ecosystems: data.ecosystems } : {}),
      ...(data.force ? { force: true } : {}),
      onDownload: (p) =>
        ctx.progress({ done: p.received, total: p.total, message: `downloading ${p.ecosystem}` }),
      onImport: (p) => ctx.progress({ done: p.read, total: null, message: `importing ${p.path}` }),
    });
    return { ...report };
  };
}
