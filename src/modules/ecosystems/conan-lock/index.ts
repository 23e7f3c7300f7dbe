import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const conanLock = {
  id: 'conan-lock',
  version: 1,
  ecosystem: 'ConanCenter',
  matches: (path) => path === 'conan.lock' || path.endsWith('/conan.lock'),
  extract: async (input) => (await loadExtract()).extractConanLock(input.content, input.path),
} satisfies Extractor;
