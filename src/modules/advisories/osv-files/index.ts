import type { AdvisorySource } from '../../../core/advisories.js';
import { readOsvSources } from './read.js';

/** OSV records in JSON files, folders of them, and osv.dev's per-ecosystem zip dumps. */
export const osvFiles = {
  id: 'osv-files',
  version: 1,
  mode: 'files',
  read: (inputs: readonly string[]) => readOsvSources(inputs),
} satisfies AdvisorySource;

export { type ReadOptions, readOsvSources } from './read.js';
export type { ZipLimits } from './zip.js';
