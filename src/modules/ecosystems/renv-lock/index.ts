import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const renvLock = {
  id: 'renv-lock',
  version: 1,
  ecosystem: 'CRAN',
  matches: (path) => path === 'renv.lock' || path.endsWith('/renv.lock'),
  extract: async (input) => (await loadExtract()).extractRenvLock(input.content, input.path),
} satisfies Extractor;
