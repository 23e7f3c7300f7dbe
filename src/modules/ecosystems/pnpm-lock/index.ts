import type { Extractor } from '../../../core/inventory.js';
import { extractPnpmLock } from './extract.js';

export const pnpmLock = {
  id: 'pnpm-lock',
  version: 1,
  ecosystem: 'npm',
  matches: (path) => path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml'),
  extract: (input) => extractPnpmLock(input),
} satisfies Extractor;
