import { type Ordering, type VersionScheme, versionError } from '../../../core/versioning.js';
import { compareItems, type Item, parseMaven } from './compare.js';

/**
 * Maven (ComparableVersion). Any text orders, as in Maven; what Maven itself refuses in a POM
 * (empty, whitespace, `${...}` expressions, the characters \ / : " < > | ? *) is not a version here.
 */
export const mavenScheme = {
  id: 'maven',
  version: 1,
  ecosystems: ['Maven'],
  parse,
  isValid: (version) => problem(version) === null,
  compare: (a, b): Ordering => compareItems(parse(a), parse(b)),
  compareParsed: compareItems,
} satisfies VersionScheme<Item>;

function parse(version: string): Item {
  const reason = problem(version);
  if (reason) throw versionError('Maven', version, reason);
  return parseMaven(version);
}

function problem(version: string): string | null {
  if (version.length === 0) return 'it is empty';
  if (version.includes('${')) return 'it is an unresolved property expression';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\s\u0000-\u001f\\/:"<>|?*]/.test(version))
    return 'it contains whitespace or a character Maven refuses';
  return null;
}
