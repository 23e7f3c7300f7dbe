import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { assertInventoryWellFormed, fixtures, fuzzSbomReader } from '../test-support.js';
import { cycloneDxJson } from './index.js';
import { readCycloneDxJson } from './read.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const read = (name: string) => {
  const result = readCycloneDxJson(text(name), name);
  assertInventoryWellFormed(result.inventory);
  return result;
};

describe('cyclonedx-json read', () => {
  it('detects CycloneDX JSON and nothing else', () => {
    expect(cycloneDxJson.detect(text('gomod-1.2.json'))).toBe(true);
    expect(cycloneDxJson.detect('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
    expect(cycloneDxJson.detect('<bom xmlns="http://cyclonedx.org/schema/bom/1.6">')).toBe(false);
  });

  it('reads a cyclonedx-gomod 1.2 BOM: Go versions without v, subject, direct and edges', () => {
    const { inventory, warnings } = read('gomod-1.2.json');
    expect(inventory.subject).toEqual({
      name: 'github.com/example/bridge',
      version: 'v1.8.0',
      purl: 'pkg:golang/github.com/example/bridge@v1.8.0',
    });
    expect(inventory.packages.map((p) => [p.name, p.version, p.scope, p.direct, p.licenses])).toEqual([
      ['github.com/BurntSushi/toml', '0.3.1', 'prod', true, ['MIT']],
      [
        'github.com/BurntSushi/xgb',
        '0.0.0-20160522181843-27f122750802',
        'prod',
        false,
        ['BSD-3-Clause', 'GooglePatentClause'],
      ],
      ['github.com/Masterminds/semver/v3', '3.1.0', 'prod', true, ['MIT']],
    ]);
    expect(inventory.dependencies).toContainEqual({
      from: 'pkg:golang/github.com/Masterminds/semver/v3@v3.1.0',
      to: 'pkg:golang/github.com/BurntSushi/xgb@v0.0.0-20160522181843-27f122750802',
    });
    expect(inventory.dependencies).toContainEqual({
      from: 'pkg:golang/github.com/example/bridge@v1.8.0',
      to: 'pkg:golang/github.com/BurntSushi/toml@v0.3.1',
    });
    expect(warnings).toEqual([]);
  });

  it('reads nested npm components, scopes, expressions, evidence; skips what has no usable purl', () => {
    const { inventory, warnings } = read('npm-1.5-nested.json');
    expect(inventory.packages.map((p) => [p.purl, p.scope, p.direct, p.licenses])).toEqual([
      ['pkg:npm/%40babel/core@7.23.9', 'dev', true, ['MIT']],
      ['pkg:npm/express@4.18.2', 'unknown', true, ['MIT License']],
      ['pkg:npm/fsevents@2.3.3', 'optional', true, ['MIT OR Apache-2.0']],
      ['pkg:npm/semver@6.3.1', 'dev', false, ['ISC']],
    ]);
    expect(inventory.packages[0]?.name).toBe('@babel/core');
    expect(inventory.packages[0]?.locations).toEqual([{ path: 'node_modules/@babel/core' }]);
    expect(inventory.dependencies).toContainEqual({
      from: 'pkg:npm/%40babel/core@7.23.9',
      to: 'pkg:npm/semver@6.3.1',
    });
    expect(warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_SBOM_NO_PURL',
      'ERR_OSPO_SBOM_UNSUPPORTED_PURL',
      'ERR_OSPO_SBOM_EDGE_DROPPED',
    ]);
    expect(warnings[1]?.message).toContain('"deb"');
  });

  it('maps Maven, PyPI, Packagist and cargo purls; a subject without purl still marks direct', () => {
    const { inventory } = read('mixed-1.6.json');
    expect(inventory.subject).toEqual({ name: 'platform', version: null });
    expect(inventory.packages.map((p) => [p.ecosystem, p.name, p.purl, p.direct])).toEqual([
      ['crates.io', 'serde', 'pkg:cargo/serde@1.0.197', true],
      ['Packagist', 'laravel/framework', 'pkg:composer/laravel/framework@v10.48.4', false],
      [
        'Maven',
        'org.apache.commons:commons-lang3',
        'pkg:maven/org.apache.commons/commons-lang3@3.14.0',
        true,
      ],
      ['PyPI', 'django-rest', 'pkg:pypi/django-rest@1.0.0', false],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:cargo/serde@1.0.197', to: 'pkg:pypi/django-rest@1.0.0' },
    ]);
  });

  it('reads 1.7 without metadata or dependencies: direct unknown', () => {
    const { inventory } = read('minimal-1.7.json');
    expect(inventory.subject).toBeUndefined();
    expect(inventory.packages.map((p) => [p.ecosystem, p.name, p.direct])).toEqual([
      ['RubyGems', 'rails', null],
      ['NuGet', 'Newtonsoft.Json', null],
    ]);
  });

  it.each([
    ['version-1.1.json', 'ERR_OSPO_SBOM_VERSION'],
    ['version-2.0.json', 'ERR_OSPO_SBOM_VERSION'],
    ['not-json.json', 'ERR_OSPO_PARSE'],
    ['wrong-shape.json', 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports %s as %s', (name, code) => {
    const error = (() => {
      try {
        cycloneDxJson.read(text(name), name);
      } catch (e) {
        return e as OspoError;
      }
    })();
    expect(error?.code).toBe(code);
  });

  it('never crashes on arbitrary or mutated input', () => {
    fuzzSbomReader(cycloneDxJson, [...files.values()]);
  });
});
