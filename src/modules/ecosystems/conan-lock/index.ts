import type { Extractor } from '../../../core/inventory.js';
import { extractConanLock } from './extract.js';

export const conanLock = {
  id: 'conan-lock',
  version: 1,
  ecosystem: 'ConanCenter',
  matches: (path) => path === 'conan.lock' || path.endsWith('/conan.lock'),
  extract: async (input) => extractConanLock(input.content, input.path),
} satisfies Extractor;
