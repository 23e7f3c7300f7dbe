import { type VersionScheme, versionError } from '../../../core/versioning.js';
import { compareTokens, normalizeComposer, type Token, tokenize } from './compare.js';

/** Packagist (Composer): composer/semver normalization, then PHP version_compare. */
export const composerScheme = {
  id: 'composer',
  version: 1,
  ecosystems: ['Packagist'],
  parse,
  isValid: (version) => !normalizeComposer(version).startsWith('!'),
  compare: (a, b) => compareTokens(parse(a), parse(b)),
  compareParsed: compareTokens,
} satisfies VersionScheme<Token[]>;

function parse(version: string): Token[] {
  const normalized = normalizeComposer(version);
  if (normalized.startsWith('!')) throw versionError('Composer', version, normalized.slice(1));
  return tokenize(normalized);
}
