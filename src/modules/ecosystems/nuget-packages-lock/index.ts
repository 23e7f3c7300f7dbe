import type { Extractor } from '../../../core/inventory.js';
import { extractNugetPackagesLock } from './extract.js';

export const nugetPackagesLock = {
  id: 'nuget-packages-lock',
  version: 1,
  ecosystem: 'NuGet',
  matches: (path) => path === 'packages.lock.json' || path.endsWith('/packages.lock.json'),
  extract: async (input) => extractNugetPackagesLock(input.content, input.path),
} satisfies Extractor;
