import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { cycloneDxJson } from '../cyclonedx-json/index.js';
import { assertInventoryWellFormed, fixtures, fuzzSbomReader } from '../test-support.js';
import { cycloneDxXml } from './index.js';
import { readCycloneDxXml } from './read.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const read = (name: string) => {
  const result = readCycloneDxXml(text(name), name);
  assertInventoryWellFormed(result.inventory);
  return result;
};

describe('cyclonedx-xml read', () => {
  it('detects CycloneDX XML and nothing else', () => {
    expect(cycloneDxXml.detect(text('maven-1.4.xml'))).toBe(true);
    expect(cycloneDxXml.detect('<project xmlns="http://maven.apache.org/POM/4.0.0">')).toBe(false);
    expect(cycloneDxXml.detect('{"bomFormat": "CycloneDX"}')).toBe(false);
  });

  it('reads a cyclonedx-maven-plugin 1.4 BOM like its JSON twin: subject, scopes, direct, edges', () => {
    const { inventory, warnings } = read('maven-1.4.xml');
    expect(inventory.subject).toEqual({
      name: 'com.acme:shop',
      version: '1.0.0',
      purl: 'pkg:maven/com.acme/shop@1.0.0',
    });
    expect(inventory.packages.map((p) => [p.name, p.scope, p.direct, p.licenses])).toEqual([
      ['com.google.guava:guava', 'prod', true, ['Apache-2.0']],
      ['org.junit.jupiter:junit-jupiter', 'dev', true, ['Eclipse Public License v2.0']],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/com.google.guava/guava@32.1.3-jre' },
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/org.junit.jupiter/junit-jupiter@5.10.1' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads nested components, expressions, occurrences, properties and entity-encoded purls', () => {
    const { inventory, warnings } = read('nested-1.6.xml');
    expect(
      inventory.packages.map((p) => [p.purl, p.scope, p.direct, p.licenses, p.locations.length]),
    ).toEqual([
      ['pkg:pypi/requests@2.31.0', 'optional', true, ['Apache-2.0 OR MIT'], 2],
      ['pkg:pypi/urllib3@2.1.0', 'unknown', null, ['MIT'], 0],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:pypi/requests@2.31.0', to: 'pkg:pypi/urllib3@2.1.0' },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['ERR_OSPO_SBOM_NO_PURL']);
  });

  it('reads what cyclonedx-json writes, once turned into XML by hand, the same way', () => {
    const json = cycloneDxJson.read(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.4',
        components: [
          {
            type: 'library',
            name: 'guava',
            purl: 'pkg:maven/com.google.guava/guava@32.1.3-jre',
            scope: 'required',
          },
        ],
      }),
      'x.json',
    );
    const xml = cycloneDxXml.read(
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>guava</name><scope>required</scope><purl>pkg:maven/com.google.guava/guava@32.1.3-jre</purl></component></components></bom>',
      'x.xml',
    );
    expect(xml).toEqual(json);
  });

  it.each([
    ['version-1.1.xml', 'ERR_OSPO_SBOM_VERSION'],
    ['not-xml.xml', 'ERR_OSPO_PARSE'],
    ['wrong-namespace.xml', 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports %s as %s', (name, code) => {
    const error = (() => {
      try {
        cycloneDxXml.read(text(name), name);
      } catch (e) {
        return e as OspoError;
      }
    })();
    expect(error?.code).toBe(code);
  });

  it('never crashes on arbitrary or mutated input', () => {
    fuzzSbomReader(cycloneDxXml, [...files.values()]);
  });
});
