import type { Extractor } from '../../../core/inventory.js';
import { extractBunLock } from './extract.js';

export const bunLock = {
  id: 'bun-lock',
  version: 1,
  ecosystem: 'npm',
  // The text lockfile only; the older binary bun.lockb is not readable as text.
  matches: (path) => path === 'bun.lock' || path.endsWith('/bun.lock'),
  extract: async (input) => extractBunLock(input.content, input.path),
} satisfies Extractor;
