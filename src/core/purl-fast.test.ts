import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ecosystem, ecosystems } from './inventory.js';
import { buildPurl, normalizePypiName, purlFor } from './purl.js';

/** The slow path's answer, or its error's message. */
function outcome(ecosystem: Ecosystem, name: string, version: string | null, viaPackageUrl: boolean): string {
  try {
    return buildPurl(ecosystem, name, version, viaPackageUrl);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

// mostly characters the fast path takes, with some it must leave to packageurl-js
const plainish = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'abcxyz019.-_~'.split('')) },
      { weight: 2, arbitrary: fc.constantFrom(..."ABZ@/:+ %!*()'#?é".split('')) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
    ),
    { maxLength: 12 },
  )
  .map((chars) => chars.join(''));

/** Ecosystem, name and version, plain or not. */
const coordinates = [
  fc.constantFrom(...ecosystems),
  fc.oneof(plainish, fc.string()),
  fc.option(fc.oneof(plainish, fc.string()), { nil: null }),
] as const;

/** Go module paths and versions, well formed and not: segments, slashes, SemVer or almost. */
const goSegment = fc.oneof(plainish, fc.constantFrom('github.com', 'golang.org', 'x', 'Org', 'v2', ''));
const goName = fc.array(goSegment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const goVersion = fc.option(
  fc.oneof(
    fc
      .tuple(
        fc.constantFrom('v', '', 'V'),
        fc.constantFrom('0', '1', '12', '01'),
        fc.constantFrom('.0', '.2', '.02', ''),
        fc.constantFrom('.0', '.3', ''),
        fc.constantFrom('', '-0.20230101120000-abcdef123456', '-rc.1', '-rc.01', '-', '-a..b'),
        fc.constantFrom('', '+incompatible', '+build.1', '+', '+a_b'),
      )
      .map((parts) => parts.join('')),
    plainish,
  ),
  { nil: null },
);

describe('buildPurl fast path for plain names', () => {
  it('gives exactly what packageurl-js gives for Go module paths and versions', () => {
    fc.assert(
      fc.property(goName, goVersion, (name, version) => {
        expect(outcome('Go', name, version, false)).toBe(outcome('Go', name, version, true));
        let quick: string;
        try {
          quick = purlFor('Go', name, version);
        } catch (error) {
          quick = `error: ${(error as Error).message}`;
        }
        expect(quick).toBe(outcome('Go', name, version, true));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives exactly what packageurl-js gives', () => {
    fc.assert(
      fc.property(...coordinates, (ecosystem, name, version) => {
        expect(outcome(ecosystem, name, version, false)).toBe(outcome(ecosystem, name, version, true));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['npm', '@scope/left-pad', '1.0.0+build:1'],
    ['npm', '@/x', '1'],
    ['npm', 'Left-Pad', '1.0.0'],
    ['PyPI', 'a_b', '1.0'],
    ['NuGet', 'Newtonsoft.Json', '13.0.3'],
    ['Packagist', 'Vendor/pkg', '1.0.0'],
    ['Packagist', 'vendor/pkg', ''],
    ['crates.io', 'serde', null],
    ['Hex', 'phoenix', '1.7.0-rc.1'],
    ['Go', 'github.com/Azure/azure-sdk-for-go', 'v68.0.0+incompatible'],
    ['Go', 'golang.org/x/net', '0.0.0-20230101120000-abcdef123456'],
    ['Go', 'github.com/x/y', 'v1.2'],
    ['Go', 'stdlib', '1.21.0'],
  ] as const)('%s %s %s as packageurl-js writes it', (ecosystem, name, version) => {
    expect(buildPurl(ecosystem, name, version)).toBe(buildPurl(ecosystem, name, version, true));
  });
});

describe('purlFor with its quick path for plain names', () => {
  it('gives exactly what packageurl-js gives, memoized or not', () => {
    fc.assert(
      fc.property(...coordinates, (ecosystem, name, version) => {
        const slow = outcome(ecosystem, name, version, true);
        for (let round = 0; round < 2; round++) {
          let quick: string;
          try {
            quick = purlFor(ecosystem, name, version);
          } catch (error) {
            quick = `error: ${(error as Error).message}`;
          }
          expect(quick).toBe(slow);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('normalizePypiName', () => {
  it('gives what the PEP 503 replace-and-lower-case gives, names already normal or not', () => {
    const nameish = fc
      .array(fc.oneof(fc.constantFrom(...'abz09-_.AZ'.split('')), fc.string({ maxLength: 1 })), {
        maxLength: 10,
      })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(nameish, fc.string()), (name) => {
        expect(normalizePypiName(name)).toBe(name.replace(/[-_.]+/g, '-').toLowerCase());
      }),
      { numRuns: 20_000 },
    );
  });
});
