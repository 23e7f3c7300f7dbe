import type { MirrorOutcome } from '../../core/advisories.js';
import { InputError, type OspoError } from '../../core/errors.js';
import { ecosystems as scannedEcosystems } from '../../core/inventory.js';
import { type DownloadProgress, OSV_MIRROR_URL, osvMirror } from '../../modules/advisories/index.js';
import { type Actor, actorName, authorize } from '../actor.js';
import type { Store } from '../ports.js';
import { type ImportOptions, type ImportReport, importAdvisories } from './import.js';
import { rematchPortfolio } from './portfolio.js';

/** The ecosystems synced when none are named: the package ecosystems ospokit scans. */
export const DEFAULT_SYNC_ECOSYSTEMS = scannedEcosystems;

export type { DownloadProgress };
export { OSV_MIRROR_URL };

export interface SyncOptions {
  /** Where the zips are kept between syncs (the CLI's default: `<OSPO_DATA_DIR>/osv-mirror`). */
  cacheDir: string;
  /** Default osv.dev's bucket. */
  baseUrl?: string;
  /** Default DEFAULT_SYNC_ECOSYSTEMS. */
  ecosystems?: readonly string[];
  /** Largest dump accepted, bytes (default 2 GiB). */
  maxBytes?: number;
  /** Longest silence from the mirror, ms (default 60 s). */
  timeoutMs?: number;
  /** Download and import everything again, whatever the saved validators say. */
  force?: boolean;
  onDownload?: (progress: DownloadProgress) => void;
  onImport?: ImportOptions['onProgress'];
  /** An import's steps after its records are stored. */
  onStep?: ImportOptions['onStep'];
}

export interface EcosystemSync {
  ecosystem: string;
  status: 'updated' | 'unchanged' | 'failed';
  /** Downloaded this time: 0 when unchanged, or when an earlier download is imported from the cache. */
  bytes: number;
  /** The local zip, when there is one (after a failure: the previous copy, kept). */
  file: string | null;
  error?: { code: string; message: string; hint?: string };
}

export interface SyncReport {
  url: string;
  cacheDir: string;
  ecosystems: EcosystemSync[];
  /** The imports of the updated zips, added up. */
  import: ImportReport;
}

/**
 * Bring the store's advisories up to date from osv.dev's per-ecosystem dumps: download what changed
 * (a conditional request each), then import each updated zip. A download or an import that fails is
 * that ecosystem's `failed` entry and the others go on; only a bad request as a whole, a missing
 * permission or trouble with the store throws. A zip is marked as taken in only after its import, so
 * one whose import failed is imported again by the next sync even when the mirror answers 304.
 */
export async function syncAdvisories(store: Store, actor: Actor, options: SyncOptions): Promise<SyncReport> {
  authorize(actor, 'advisories:write');
  const ecosystems = [...new Set(options.ecosystems ?? DEFAULT_SYNC_ECOSYSTEMS)];
  if (ecosystems.length === 0) {
    throw new InputError('ERR_OSPO_USAGE', 'no ecosystem to sync', {
      hint: `Name some, for example --ecosystem npm PyPI, or leave it out for ${DEFAULT_SYNC_ECOSYSTEMS.join(', ')}.`,
    });
  }
  const url = options.baseUrl ?? OSV_MIRROR_URL;
  const outcomes = await osvMirror.download({
    baseUrl: url,
    ecosystems,
    cacheDir: options.cacheDir,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.force ? { force: true } : {}),
    ...(options.onDownload ? { onProgress: options.onDownload } : {}),
  });
  const report: SyncReport = { url, cacheDir: options.cacheDir, ecosystems: [], import: emptyImport() };
  for (const outcome of outcomes) {
    report.ecosystems.push(await take(store, actor, outcome, report.import, options));
  }
  // saved scans are matched once, after every dump is in, rather than once per ecosystem
  if (report.import.inserted + report.import.updated > 0)
    report.import.rematched = await rematchPortfolio(store);
  await store.repos.audit.append({
    actor: actorName(actor),
    action: 'advisories.sync',
    targetType: 'advisories',
    targetId: null,
    details: {
      url,
      ecosystems: Object.fromEntries(report.ecosystems.map((e) => [e.ecosystem, e.error?.code ?? e.status])),
      inserted: report.import.inserted,
      updated: report.import.updated,
    },
  });
  return report;
}

/** Import an updated zip (and say so to the mirror); pass the others through. */
async function take(
  store: Store,
  actor: Actor,
  outcome: MirrorOutcome,
  total: ImportReport,
  options: SyncOptions,
): Promise<EcosystemSync> {
  if (outcome.status === 'failed')
    return failed(outcome.ecosystem, outcome.bytes, outcome.file, outcome.error);
  const entry = {
    ecosystem: outcome.ecosystem,
    status: outcome.status,
    bytes: outcome.bytes,
    file: outcome.file,
  };
  if (outcome.status === 'unchanged') return entry;
  try {
    const done = await importAdvisories(store, actor, [outcome.file], {
      rematch: false,
      ...(options.onImport ? { onProgress: options.onImport } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    add(total, done);
  } catch (error) {
    // a refused archive (links, traversal, a bomb, not a readable zip) is this ecosystem's trouble;
    // anything else (the store) is everyone's
    if (error instanceof InputError) return failed(outcome.ecosystem, outcome.bytes, outcome.file, error);
    throw error;
  }
  await osvMirror.confirm(outcome);
  return entry;
}

function failed(ecosystem: string, bytes: number, file: string | null, error: OspoError): EcosystemSync {
  return {
    ecosystem,
    status: 'failed',
    bytes,
    file,
    error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
  };
}

function emptyImport(): ImportReport {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [] };
}

function add(total: ImportReport, one: ImportReport): void {
  total.read += one.read;
  total.inserted += one.inserted;
  total.updated += one.updated;
  total.unchanged += one.unchanged;
  total.skipped.push(...one.skipped);
}
