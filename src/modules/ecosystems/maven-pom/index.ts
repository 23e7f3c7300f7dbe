import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const mavenPom = {
  id: 'maven-pom',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) => path === 'pom.xml' || path.endsWith('/pom.xml'),
  extract: async (input) => (await loadExtract()).extractMavenPom(input),
} satisfies Extractor;
