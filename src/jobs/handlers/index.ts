import type { GitScanConfig } from '../../services/inventory/git-source.js';
import type { Store } from '../../services/ports.js';
import type { JobName } from '../definitions.js';
import type { JobHandler } from '../queue.js';
import { type AdvisorySyncConfig, advisorySyncHandler } from './advisories-sync.js';
import { scanGitHandler } from './scan-git.js';
import { scanPathHandler } from './scan-path.js';
import { scanSbomHandler } from './scan-sbom.js';

export interface HandlerConfig {
  version: string;
  scanRoots: readonly string[];
  /** OSPO_SCAN_GIT_HOSTS and clone limits; git scans are refused without it. */
  git?: GitScanConfig | undefined;
  advisories: AdvisorySyncConfig;
}

export function jobHandlers(store: Store, config: HandlerConfig): Record<JobName, JobHandler> {
  return {
    'scan.path': scanPathHandler(store, config),
    'scan.sbom': scanSbomHandler(store, config),
    'scan.git': scanGitHandler(store, config),
    'advisories.sync': advisorySyncHandler(store, config.advisories),
  };
}
