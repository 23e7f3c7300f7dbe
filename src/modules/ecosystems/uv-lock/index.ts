import type { Extractor } from '../../../core/inventory.js';
import { extractUvLock } from './extract.js';

export const uvLock = {
  id: 'uv-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'uv.lock' || path.endsWith('/uv.lock'),
  extract: async (input) => extractUvLock(input.content, input.path),
} satisfies Extractor;
