import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const pubspecLock = {
  id: 'pubspec-lock',
  version: 1,
  ecosystem: 'Pub',
  matches: (path) => path === 'pubspec.lock' || path.endsWith('/pubspec.lock'),
  extract: async (input) => (await loadExtract()).extractPubspecLock(input.content, input.path),
} satisfies Extractor;
