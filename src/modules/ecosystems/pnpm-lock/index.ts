import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const pnpmLock = {
  id: 'pnpm-lock',
  version: 1,
  ecosystem: 'npm',
  matches: (path) => path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml'),
  extract: async (input) => (await loadExtract()).extractPnpmLock(input),
} satisfies Extractor;
