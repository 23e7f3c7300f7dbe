import type { Extractor } from '../../../core/inventory.js';
import { extractGradleLockfile } from './extract.js';

/** `gradle.lockfile` and its buildscript/settings siblings (Gradle 6+), per-configuration files before. */
const lockfileName = /(^|\/)((buildscript|settings)-)?gradle\.lockfile$/;
const legacyLockfile = /(^|\/)gradle\/dependency-locks\/[^/]+\.lockfile$/;

export const gradleLockfile = {
  id: 'gradle-lockfile',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) => lockfileName.test(path) || legacyLockfile.test(path),
  extract: async (input) => extractGradleLockfile(input.content, input.path),
} satisfies Extractor;
