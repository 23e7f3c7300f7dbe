import type { Extractor } from '../../../core/inventory.js';
import { extractYarnLock } from './extract.js';

export const yarnLock = {
  id: 'yarn-lock',
  version: 1,
  ecosystem: 'npm',
  matches: (path) => path === 'yarn.lock' || path.endsWith('/yarn.lock'),
  extract: (input) => extractYarnLock(input),
} satisfies Extractor;
