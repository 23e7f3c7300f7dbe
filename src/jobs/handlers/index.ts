import type { Store } from '../../services/ports.js';
import type { JobName } from '../definitions.js';
import type { JobHandler } from '../queue.js';
import { type AdvisorySyncConfig, advisorySyncHandler } from './advisories-sync.js';
import { scanPathHandler } from './scan-path.js';
import { scanSbomHandler } from './scan-sbom.js';

export interface HandlerConfig {
  version: string;
  scanRoots: readonly string[];
  advisories: AdvisorySyncConfig;
}

export function jobHandlers(store: Store, config: HandlerConfig): Record<JobName, JobHandler> {
  return {
    'scan.path': scanPathHandler(store, config),
    'scan.sbom': scanSbomHandler(store, config),
    'advisories.sync': advisorySyncHandler(store, config.advisories),
  };
}
