import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const gradleVerificationMetadata = {
  id: 'gradle-verification-metadata',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) =>
    path === 'gradle/verification-metadata.xml' || path.endsWith('/gradle/verification-metadata.xml'),
  extract: async (input) => (await loadExtract()).extractVerificationMetadata(input.content, input.path),
} satisfies Extractor;
