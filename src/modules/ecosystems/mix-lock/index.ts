import type { Extractor } from '../../../core/inventory.js';
import { extractMixLock } from './extract.js';

export const mixLock = {
  id: 'mix-lock',
  version: 1,
  ecosystem: 'Hex',
  matches: (path) => path === 'mix.lock' || path.endsWith('/mix.lock'),
  extract: async (input) => extractMixLock(input.content, input.path),
} satisfies Extractor;
