import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const goMod = {
  id: 'go-mod',
  version: 1,
  ecosystem: 'Go',
  matches: (path) => path === 'go.mod' || path.endsWith('/go.mod'),
  extract: async (input) => (await loadExtract()).extractGoMod(input.content, input.path),
} satisfies Extractor;
