import type { Extractor } from '../../../core/inventory.js';
import { extractMavenPom } from './extract.js';

export const mavenPom = {
  id: 'maven-pom',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) => path === 'pom.xml' || path.endsWith('/pom.xml'),
  extract: async (input) => extractMavenPom(input),
} satisfies Extractor;
