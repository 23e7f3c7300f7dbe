import type { Extractor } from '../../../core/inventory.js';
import { extractComposerLock } from './extract.js';

export const composerLock = {
  id: 'composer-lock',
  version: 1,
  ecosystem: 'Packagist',
  matches: (path) => path === 'composer.lock' || path.endsWith('/composer.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}composer.json`;
    const manifest = await input.readFile(manifestPath);
    return extractComposerLock(input.content, input.path, manifest, manifestPath);
  },
} satisfies Extractor;
