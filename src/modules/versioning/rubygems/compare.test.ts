import { Version } from '@renovatebot/ruby-semver/dist/ruby/version.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rubygemsScheme } from './index.js';

describe('rubygems against @renovatebot/ruby-semver', () => {
  // the library compares words with localeCompare and numbers as floats; where neither matters
  // (lower-case words, small numbers) it ports Gem::Version faithfully, so the two must agree
  const segment = fc.oneof(fc.nat({ max: 12 }).map(String), fc.constantFrom('a', 'b', 'pre', 'rc', 'beta'));
  const version = fc
    .tuple(fc.nat({ max: 12 }), fc.array(segment, { maxLength: 5 }), fc.boolean())
    .map(
      ([first, rest, dash]) =>
        `${first}${rest.map((s, i) => (dash && i === 1 ? `-${s}` : `.${s}`)).join('')}`,
    );

  it('agrees on lower-case versions with small numbers', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const theirs = Math.sign(new Version(a).compare(new Version(b)));
        expect(rubygemsScheme.compare(a, b), `${a} vs ${b}`).toBe(theirs === 0 ? 0 : theirs);
      }),
      { numRuns: 1000 },
    );
  });

  it('differs where the library is wrong: byte order of words, numbers beyond floats', () => {
    expect(Math.sign(new Version('1.0.rc1').compare(new Version('1.0.RC1')))).toBe(-1);
    expect(rubygemsScheme.compare('1.0.rc1', '1.0.RC1')).toBe(1);
    expect(rubygemsScheme.compare('18446744073709551616', '18446744073709551617')).toBe(-1);
  });
});
