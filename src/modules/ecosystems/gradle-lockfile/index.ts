import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

/** `gradle.lockfile` and its buildscript/settings siblings (Gradle 6+), per-configuration files before. */
const lockfileName = /(^|\/)((buildscript|settings)-)?gradle\.lockfile$/;
const legacyLockfile = /(^|\/)gradle\/dependency-locks\/[^/]+\.lockfile$/;

export const gradleLockfile = {
  id: 'gradle-lockfile',
  version: 1,
  ecosystem: 'Maven',
  matches: (path) => lockfileName.test(path) || legacyLockfile.test(path),
  extract: async (input) => (await loadExtract()).extractGradleLockfile(input.content, input.path),
} satisfies Extractor;
