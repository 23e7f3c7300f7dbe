import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const bunLock = {
  id: 'bun-lock',
  version: 1,
  ecosystem: 'npm',
  // The text lockfile only; the older binary bun.lockb is not readable as text.
  matches: (path) => path === 'bun.lock' || path.endsWith('/bun.lock'),
  extract: async (input) => (await loadExtract()).extractBunLock(input.content, input.path),
} satisfies Extractor;
