import type { Extractor } from '../../../core/inventory.js';
import { extractGoMod } from './extract.js';

export const goMod = {
  id: 'go-mod',
  version: 1,
  ecosystem: 'Go',
  matches: (path) => path === 'go.mod' || path.endsWith('/go.mod'),
  extract: async (input) => extractGoMod(input.content, input.path),
} satisfies Extractor;
