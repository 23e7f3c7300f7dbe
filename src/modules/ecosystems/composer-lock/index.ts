import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const composerLock = {
  id: 'composer-lock',
  version: 1,
  ecosystem: 'Packagist',
  matches: (path) => path === 'composer.lock' || path.endsWith('/composer.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}composer.json`;
    const manifest = await input.readFile(manifestPath);
    return (await loadExtract()).extractComposerLock(input.content, input.path, manifest, manifestPath);
  },
} satisfies Extractor;
