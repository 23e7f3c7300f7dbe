import { type VersionScheme, versionError } from '../../../core/versioning.js';
import { APK_VERSION, compareTokens, type Token, tokenize } from './compare.js';

/** Alpine (apk): N(.N)*[a-z](_suffix[N])*[~hash][-rN], e.g. 1.2.3_rc1-r0, 2.4a_p20250503-r2. */
export const alpineScheme = {
  id: 'alpine',
  version: 1,
  ecosystems: ['Alpine'],
  parse,
  isValid: (version) => APK_VERSION.test(version),
  compare: (a, b) => compareTokens(parse(a), parse(b)),
  compareParsed: compareTokens,
} satisfies VersionScheme<Token[]>;

function parse(version: string): Token[] {
  const m = APK_VERSION.exec(version);
  if (!m) {
    throw versionError(
      'Alpine',
      version,
      'expected N(.N)*[letter](_alpha|_beta|_pre|_rc|_cvs|_svn|_git|_hg|_p[N])*[~hash][-rN]',
    );
  }
  return tokenize(m);
}
