import type { Extractor } from '../../../core/inventory.js';
import { extractVerificationMetadata } from './extract.js';

export const gradleVerificationMetadata = {
  id: 'gradle-verification-metadata',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) =>
    path === 'gradle/verification-metadata.xml' || path.endsWith('/gradle/verification-metadata.xml'),
  extract: async (input) => extractVerificationMetadata(input.content, input.path),
} satisfies Extractor;
