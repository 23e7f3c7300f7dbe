import type { Extractor } from '../../../core/inventory.js';
import { extractRenvLock } from './extract.js';

export const renvLock = {
  id: 'renv-lock',
  version: 1,
  ecosystem: 'CRAN',
  matches: (path) => path === 'renv.lock' || path.endsWith('/renv.lock'),
  extract: async (input) => extractRenvLock(input.content, input.path),
} satisfies Extractor;
