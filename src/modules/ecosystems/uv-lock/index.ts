import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const uvLock = {
  id: 'uv-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'uv.lock' || path.endsWith('/uv.lock'),
  extract: async (input) => (await loadExtract()).extractUvLock(input.content, input.path),
} satisfies Extractor;
