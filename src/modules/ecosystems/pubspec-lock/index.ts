import type { Extractor } from '../../../core/inventory.js';
import { extractPubspecLock } from './extract.js';

export const pubspecLock = {
  id: 'pubspec-lock',
  version: 1,
  ecosystem: 'Pub',
  matches: (path) => path === 'pubspec.lock' || path.endsWith('/pubspec.lock'),
  extract: async (input) => extractPubspecLock(input.content, input.path),
} satisfies Extractor;
