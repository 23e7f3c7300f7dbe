import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { normalizePypiName, purlFor } from './purl.js';

describe('purlFor', () => {
  it.each([
    ['npm', 'left-pad', '1.3.0', 'pkg:npm/left-pad@1.3.0'],
    ['npm', '@babel/core', '7.24.0', 'pkg:npm/%40babel/core@7.24.0'],
    ['PyPI', 'Django_REST.framework', '3.15.1', 'pkg:pypi/django-rest-framework@3.15.1'],
    ['Go', 'github.com/stretchr/testify', '1.9.0', 'pkg:golang/github.com/stretchr/testify@v1.9.0'],
    [
      'Go',
      'golang.org/x/net',
      '0.0.0-20210405180319-a5a99cb37ef4',
      'pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4',
    ],
    [
      'Maven',
      'org.apache.commons:commons-lang3',
      '3.14.0',
      'pkg:maven/org.apache.commons/commons-lang3@3.14.0',
    ],
    ['Packagist', 'symfony/console', '5.4.1', 'pkg:composer/symfony/console@5.4.1'],
    ['crates.io', 'serde', '1.0.188', 'pkg:cargo/serde@1.0.188'],
    ['RubyGems', 'rails', '7.1.3', 'pkg:gem/rails@7.1.3'],
    ['NuGet', 'Newtonsoft.Json', '13.0.3', 'pkg:nuget/Newtonsoft.Json@13.0.3'],
    ['npm', 'unpinned', null, 'pkg:npm/unpinned'],
  ] as const)('%s %s %s is %s', (ecosystem, name, version, expected) => {
    expect(purlFor(ecosystem, name, version)).toBe(expected);
    expect(purlFor(ecosystem, name, version)).toBe(expected); // memoized answer is the same
    expect(PackageURL.fromString(expected).toString()).toBe(expected);
  });

  it('never throws for odd versions, and refuses an empty name with a coded error', () => {
    expect(purlFor('Go', 'example.com/m', 'v1')).toMatch(/^pkg:golang\/example\.com\/m@v1$/);
    expect(purlFor('Go', 'example.com/m', 'vX.y')).toMatch(/^pkg:golang\/example\.com\/m@/);
    expect(() => purlFor('npm', '', '1.0.0')).toThrow(expect.objectContaining({ code: 'ERR_OSPO_PURL' }));
  });

  it('normalizes PyPI names per PEP 503', () => {
    expect(normalizePypiName('Friendly-Bard')).toBe('friendly-bard');
    expect(normalizePypiName('FRIENDLY__bard')).toBe('friendly-bard');
    expect(normalizePypiName('friendly.bard')).toBe('friendly-bard');
  });
});
