import { authorize } from '../../services/actor.js';
import {
  checkGitRef,
  checkGitUrl,
  type GitScanConfig,
  withClone,
} from '../../services/inventory/git-source.js';
import type { Store } from '../../services/ports.js';
import { restoreActor } from '../actor.js';
import { throwIfCancelled } from '../errors.js';
import type { JobHandler } from '../queue.js';
import { readData, scanGitData } from './data.js';
import { scanFolder } from './scan-path.js';

export interface ScanGitConfig {
  version: string;
  /** This worker's OSPO_SCAN_GIT_HOSTS (and limits): the URL must be allowed here too. */
  git?: GitScanConfig | undefined;
}

/**
 * `scan.git`: shallow-clone a repository into a temporary folder, scan it as `scan.path` scans a
 * folder, keep the scan with the commit and branch cloned; the folder is removed whatever happens.
 */
export function scanGitHandler(store: Store, config: ScanGitConfig): JobHandler {
  return async (job, ctx) => {
    const data = readData(scanGitData, job.data, job.name);
    const actor = await restoreActor(store, data.actor);
    authorize(actor, 'scans:write');
    const git = config.git ?? { hosts: [] };
    // the URL with its credentials, if it came with any, is the attachment; the job data has none
    const source = checkGitUrl((await ctx.attachment()) ?? data.url, git.hosts);
    if (source.protocol === 'file') authorize(actor, 'scans:server-path');
    const ref = checkGitRef(data.ref);
    throwIfCancelled(ctx.signal);
    ctx.progress({ done: 0, total: null, message: `cloning ${source.url}${ref ? ` (${ref})` : ''}` });
    const options = { timeoutMs: git.timeoutMs, workDir: git.workDir, signal: ctx.signal };
    return withClone(source, ref, options, async (checkout) => {
      ctx.progress({ done: 0, total: null, message: 'scanning' });
      const scan = await scanFolder(store, actor, ctx, {
        folder: checkout,
        projectId: data.projectId,
        version: config.version,
        origin: source.url,
      });
      return { scan, source: { url: source.url, ref, commit: scan.vcsCommit, branch: scan.vcsBranch } };
    });
  };
}
