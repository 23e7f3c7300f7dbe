import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const yarnLock = {
  id: 'yarn-lock',
  version: 1,
  ecosystem: 'npm',
  matches: (path) => path === 'yarn.lock' || path.endsWith('/yarn.lock'),
  extract: async (input) => (await loadExtract()).extractYarnLock(input),
} satisfies Extractor;
