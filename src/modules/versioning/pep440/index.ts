import { type Pep440Version, compare as pep440Compare, parse as pep440Parse } from '@renovatebot/pep440';
import { type Ordering, sign, type VersionScheme, versionError } from '../../../core/versioning.js';
import { compareParsedPep440 } from './compare.js';

/**
 * PEP 440 (PyPI), through `@renovatebot/pep440`, which implements the specification's normal forms
 * and ordering: epochs, pre-, post- and dev-releases, local versions, alternate spellings.
 */
export const pep440Scheme = {
  id: 'pep440',
  version: 1,
  ecosystems: ['PyPI'],
  parse,
  isValid: (version) => attempt(version) !== null,
  compare: (a, b): Ordering => {
    parse(a);
    parse(b);
    return sign(pep440Compare(a, b));
  },
  compareParsed: compareParsedPep440,
} satisfies VersionScheme<Pep440Version>;

function parse(version: string): Pep440Version {
  const parsed = attempt(version);
  if (parsed) return parsed;
  throw versionError(
    'PEP 440',
    version,
    tooBig(version)
      ? 'a number in it is too large to compare exactly'
      : 'expected [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]',
  );
}

function attempt(version: string): Pep440Version | null {
  // the library keeps numbers as floats: refuse what it would round rather than misorder it
  if (tooBig(version)) return null;
  return pep440Parse(version);
}

function tooBig(version: string): boolean {
  for (const run of version.match(/[0-9]{16,}/g) ?? []) {
    if (BigInt(run) > BigInt(Number.MAX_SAFE_INTEGER)) return true;
  }
  return false;
}
