import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const nugetPackagesLock = {
  id: 'nuget-packages-lock',
  version: 1,
  ecosystem: 'NuGet',
  matches: (path) => path === 'packages.lock.json' || path.endsWith('/packages.lock.json'),
  extract: async (input) => (await loadExtract()).extractNugetPackagesLock(input.content, input.path),
} satisfies Extractor;
