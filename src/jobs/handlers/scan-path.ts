import type { Actor } from '../../services/actor.js';
import { authorize } from '../../services/actor.js';
import { scanExtractors } from '../../services/inventory/plugins.js';
import { scanPaths } from '../../services/inventory/scan.js';
import { allowedFolder } from '../../services/inventory/scan-roots.js';
import { saveScan } from '../../services/inventory/scans.js';
import { gitInfo } from '../../services/inventory/vcs.js';
import type { ScanSummary, Store } from '../../services/ports.js';
import { restoreActor } from '../actor.js';
import { throwIfCancelled } from '../errors.js';
import type { JobContext, JobHandler } from '../queue.js';
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
    const scan = await scanFolder(store, actor, ctx, {
      folder,
      projectId: data.projectId,
      version: config.version,
    });
    return { scan };
  };
}

/**
 * Scan a folder and keep the scan, with the commit and branch of the checkout holding it. Stops
 * before saving when the job has been cancelled meanwhile.
 */
export async function scanFolder(
  store: Store,
  actor: Actor,
  ctx: JobContext,
  options: { folder: string; projectId: string; version: string; origin?: string },
): Promise<ScanSummary> {
  const { folder } = options;
  throwIfCancelled(ctx.signal);
  ctx.progress({ done: 0, total: null, message: 'reading lockfiles and manifests' });
  const report = await scanPaths([folder], {
    extractors: scanExtractors,
    cwd: folder,
    cache: store.repos.extractionCache,
    onProgress: (p) => ctx.progress({ done: p.files, total: null, message: p.path }),
  });
  const files = report.files.length;
  const vcs = await gitInfo(folder);
  throwIfCancelled(ctx.signal);
  ctx.progress({ done: files, total: files, message: `saving ${report.packages.length} packages` });
  const scan = await saveScan(store, actor, options.projectId, {
    report,
    source: 'path',
    vcs,
    toolVersion: options.version,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  ctx.progress({ done: files, total: files, message: 'saved and matched' });
  return scan;
}
