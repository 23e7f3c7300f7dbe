import { authorize } from '../../services/actor.js';
import { scanExtractors } from '../../services/inventory/plugins.js';
import { scanPaths } from '../../services/inventory/scan.js';
import { allowedFolder } from '../../services/inventory/scan-roots.js';
import { saveScan } from '../../services/inventory/scans.js';
import { gitInfo } from '../../services/inventory/vcs.js';
import type { Store } from '../../services/ports.js';
import { restoreActor } from '../actor.js';
import type { JobHandler } from '../queue.js';
import { readData, scanPathData } from './data.js';

export interface ScanPathConfig {
  version: string;
  /** This worker's OSPO_SCAN_ROOTS: the folder must lie inside them here too. */
  scanRoots: readonly string[];
}

/** `scan.path`: scan a folder on the worker's disk, keep the scan, match it against the advisories. */
export function scanPathHandler(store: Store, config: ScanPathConfig): JobHandler {
  return async (job, ctx) => {
    const data = readData(scanPathData, job.data, job.name);
    const actor = await restoreActor(store, data.actor);
    authorize(actor, 'scans:server-path');
    authorize(actor, 'scans:write');
    const folder = allowedFolder(data.path, config.scanRoots);
    ctx.progress({ done: 0, total: null, message: 'reading lockfiles and manifests' });
    const report = await scanPaths([folder], {
      extractors: scanExtractors,
      cwd: folder,
      cache: store.repos.extractionCache,
      onProgress: (p) => ctx.progress({ done: p.files, total: null, message: p.path }),
    });
    const files = report.files.length;
    ctx.progress({ done: files, total: files, message: `saving ${report.packages.length} packages` });
    const scan = await saveScan(store, actor, data.projectId, {
      report,
      source: 'path',
      vcs: await gitInfo(folder),
      toolVersion: config.version,
    });
    ctx.progress({ done: files, total: files, message: 'saved and matched' });
    return { scan };
  };
}
