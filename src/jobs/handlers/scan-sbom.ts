import { InputError } from '../../core/errors.js';
import { sbomFormats } from '../../services/inventory/plugins.js';
import { readSbom, sbomToReport } from '../../services/inventory/sbom.js';
import { saveScan } from '../../services/inventory/scans.js';
import type { Store } from '../../services/ports.js';
import { restoreActor } from '../actor.js';
import { throwIfCancelled } from '../errors.js';
import type { JobHandler } from '../queue.js';
import { readData, scanSbomData } from './data.js';

/** `scan.sbom`: read the uploaded SBOM (sent as the job's attachment), keep it as a scan, match it. */
export function scanSbomHandler(store: Store, config: { version: string }): JobHandler {
  return async (job, ctx) => {
    const data = readData(scanSbomData, job.data, job.name);
    const actor = await restoreActor(store, data.actor);
    const text = await ctx.attachment();
    if (text === null) {
      throw new InputError('ERR_OSPO_JOB_DATA', 'the uploaded SBOM of this job is gone', {
        hint: 'Upload it again.',
      });
    }
    ctx.progress({ done: 0, total: 3, message: `reading ${data.name}` });
    const report = sbomToReport(readSbom(sbomFormats, text, data.name), data.name);
    throwIfCancelled(ctx.signal);
    ctx.progress({ done: 1, total: 3, message: `saving ${report.packages.length} packages` });
    const scan = await saveScan(store, actor, data.projectId, {
      report,
      source: 'sbom',
      vcs: { commit: null, branch: null },
      toolVersion: config.version,
    });
    ctx.progress({ done: 3, total: 3, message: 'saved and matched' });
    return { scan };
  };
}
