import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { assertInventoryWellFormed, fixtures, fuzzSbomReader } from '../test-support.js';
import { spdx3JsonLd } from './index.js';
import { readSpdx3JsonLd } from './read.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const read = (name: string) => {
  const result = readSpdx3JsonLd(text(name), name);
  assertInventoryWellFormed(result.inventory);
  return result;
};
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return (e as OspoError).code;
  }
};

describe('spdx3-jsonld read', () => {
  it('detects SPDX 3 JSON-LD and nothing else', () => {
    expect(spdx3JsonLd.detect(text('npm-3.0.1.jsonld'))).toBe(true);
    expect(spdx3JsonLd.detect(text('version-3.0.0.jsonld'))).toBe(true);
    expect(spdx3JsonLd.detect('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
    expect(spdx3JsonLd.detect('{"bomFormat": "CycloneDX"}')).toBe(false);
    expect(spdx3JsonLd.detect('SPDXVersion: SPDX-2.3\nx: https://spdx.org/rdf/3.0.1/')).toBe(false);
  });

  it('reads the compact form: purls both ways, declared then concluded licenses, scopes, edges', () => {
    const { inventory, warnings } = read('npm-3.0.1.jsonld');
    expect(inventory.subject).toEqual({ name: 'web-app', version: '1.0.0', purl: 'pkg:npm/web-app@1.0.0' });
    expect(inventory.packages.map((p) => [p.purl, p.scope, p.direct, p.licenses])).toEqual([
      ['pkg:npm/%40types/node@20.11.5', 'dev', true, ['MIT']],
      ['pkg:npm/body-parser@1.20.1', 'unknown', false, ['MIT OR Apache-2.0']],
      ['pkg:npm/express@4.18.2', 'unknown', true, ['MIT']],
    ]);
    expect(inventory.packages[0]?.name).toBe('@types/node');
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:npm/express@4.18.2', to: 'pkg:npm/body-parser@1.20.1' },
      { from: 'pkg:npm/web-app@1.0.0', to: 'pkg:npm/%40types/node@20.11.5' },
      { from: 'pkg:npm/web-app@1.0.0', to: 'pkg:npm/express@4.18.2' },
    ]);
    // contains is containment, not a dependency; the edge to the package without purl is dropped
    expect(warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_SBOM_NO_PURL',
      'ERR_OSPO_SBOM_UNSUPPORTED_PURL',
      'ERR_OSPO_SBOM_EDGE_DROPPED',
    ]);
    expect(warnings[1]?.message).toContain('"deb"');
  });

  it('reads @type/@id, unprefixed and IRI names, single values, provided dependencies', () => {
    const { inventory, warnings } = read('expanded-3.0.1.jsonld');
    expect(inventory.subject).toEqual({
      name: 'com.acme:shop',
      version: '1.0.0',
      purl: 'pkg:maven/com.acme/shop@1.0.0',
    });
    expect(inventory.packages.map((p) => [p.name, p.scope, p.direct, p.licenses])).toEqual([
      ['com.google.guava:failureaccess', 'unknown', false, ['Apache-2.0']],
      ['com.google.guava:guava', 'unknown', true, ['Apache-2.0']],
      [
        'javax.servlet:javax.servlet-api',
        'peer',
        true,
        ['CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0'],
      ],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/com.google.guava/guava@32.1.3-jre' },
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/javax.servlet/javax.servlet-api@4.0.1' },
      {
        from: 'pkg:maven/com.google.guava/guava@32.1.3-jre',
        to: 'pkg:maven/com.google.guava/failureaccess@1.0.1',
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['version-3.0.0.jsonld', 'ERR_OSPO_SBOM_VERSION'],
    ['not-json.jsonld', 'ERR_OSPO_PARSE'],
    ['wrong-shape.jsonld', 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports %s as %s', (name, code) => {
    expect(codeOf(() => spdx3JsonLd.read(text(name), name))).toBe(code);
  });

  it('refuses a 3.0.1 context with another CreationInfo version, and documents with no SPDX version', () => {
    const mixed = text('npm-3.0.1.jsonld').replace('"specVersion": "3.0.1"', '"specVersion": "3.1.0"');
    expect(codeOf(() => spdx3JsonLd.read(mixed, 'mixed.jsonld'))).toBe('ERR_OSPO_SBOM_VERSION');
    expect(codeOf(() => spdx3JsonLd.read('{"@graph": []}', 'empty.jsonld'))).toBe('ERR_OSPO_PARSE_SHAPE');
    expect(codeOf(() => spdx3JsonLd.read('[1]', 'array.jsonld'))).toBe('ERR_OSPO_PARSE_SHAPE');
  });

  it('never crashes on arbitrary or mutated input', () => {
    fuzzSbomReader(spdx3JsonLd, [...files.values()]);
  });
});
