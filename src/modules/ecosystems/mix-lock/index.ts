import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const mixLock = {
  id: 'mix-lock',
  version: 1,
  ecosystem: 'Hex',
  matches: (path) => path === 'mix.lock' || path.endsWith('/mix.lock'),
  extract: async (input) => (await loadExtract()).extractMixLock(input.content, input.path),
} satisfies Extractor;
