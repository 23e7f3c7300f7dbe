import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sbomFormats } from './index.js';
import { classifyLicense, combineLicenses, normalizeSpdxExpression } from './licenses.js';
import { readPurl } from './purl-mapping.js';
import { spdxIdentifiers } from './spdx-ids.js';
import { cycloneDxSchemaDir, fixtures } from './test-support.js';

const folders = fs
  .readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('sbom formats', () => {
  it('registers every folder once, each with a readme and fixtures', () => {
    expect(sbomFormats.map((f) => f.id).sort()).toEqual(folders);
    for (const folder of folders) {
      expect(fs.existsSync(path.join(import.meta.dirname, folder, 'readme.md')), folder).toBe(true);
      expect(fixtures(path.join(import.meta.dirname, folder, '__fixtures__')).size, folder).toBeGreaterThan(
        2,
      );
    }
  });

  it('claims each fixture for at most one format', () => {
    for (const folder of folders) {
      for (const [name, text] of fixtures(path.join(import.meta.dirname, folder, '__fixtures__'))) {
        const claimed = sbomFormats.filter((f) => f.detect(text)).map((f) => f.id);
        expect(
          claimed.length <= 1 && claimed.every((id) => id === folder),
          `${folder}/${name}: ${claimed}`,
        ).toBe(true);
      }
    }
  });
});

describe('SPDX license data and expressions', () => {
  it('holds exactly the identifiers of the CycloneDX spdx.schema.json enum', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(cycloneDxSchemaDir, 'spdx.SNAPSHOT.schema.json'), 'utf8'),
    );
    expect([...spdxIdentifiers.values()].sort()).toEqual([...(schema.enum as string[])].sort());
  });

  it.each([
    ['mit', { kind: 'id', id: 'MIT' }],
    ['Apache-2.0 or mit', { kind: 'expression', expression: 'Apache-2.0 OR MIT' }],
    [
      '(MIT OR  Apache-2.0) AND BSD-3-Clause',
      { kind: 'expression', expression: '(MIT OR Apache-2.0) AND BSD-3-Clause' },
    ],
    [
      'GPL-2.0-only WITH Classpath-exception-2.0',
      { kind: 'expression', expression: 'GPL-2.0-only WITH Classpath-exception-2.0' },
    ],
    ['LicenseRef-acme', { kind: 'expression', expression: 'LicenseRef-acme' }],
    ['Apache-2.0+', { kind: 'expression', expression: 'Apache-2.0+' }],
    ['MIT License', { kind: 'name', name: 'MIT License' }],
    ['MIT OR', { kind: 'name', name: 'MIT OR' }],
    ['(MIT', { kind: 'name', name: '(MIT' }],
    ['Made-Up-1.0', { kind: 'name', name: 'Made-Up-1.0' }],
  ])('classifies %j', (text, kind) => {
    expect(classifyLicense(text)).toEqual(kind);
  });

  it('combines several licenses with AND, or gives up on a name', () => {
    expect(combineLicenses(['MIT', 'Apache-2.0 OR MIT'])).toBe('MIT AND (Apache-2.0 OR MIT)');
    expect(combineLicenses(['MIT', 'mit'])).toBe('MIT');
    expect(combineLicenses(['MIT', 'Custom'])).toBeNull();
    expect(normalizeSpdxExpression('')).toBeNull();
  });
});

describe('purl mapping', () => {
  it.each([
    ['pkg:npm/%40babel/core@7.23.9', 'npm', '@babel/core', '7.23.9', 'pkg:npm/%40babel/core@7.23.9'],
    ['pkg:maven/org.a/b@1.0?type=jar#x', 'Maven', 'org.a:b', '1.0', 'pkg:maven/org.a/b@1.0'],
    [
      'pkg:golang/github.com/pkg/errors@v0.9.1',
      'Go',
      'github.com/pkg/errors',
      '0.9.1',
      'pkg:golang/github.com/pkg/errors@v0.9.1',
    ],
    [
      'pkg:pypi/Django.Rest_Framework@3.0',
      'PyPI',
      'django-rest-framework',
      '3.0',
      'pkg:pypi/django-rest-framework@3.0',
    ],
    [
      'pkg:composer/laravel/framework@v10.0.0',
      'Packagist',
      'laravel/framework',
      'v10.0.0',
      'pkg:composer/laravel/framework@v10.0.0',
    ],
    ['pkg:cargo/serde', 'crates.io', 'serde', null, 'pkg:cargo/serde'],
  ])('reads %s', (purl, ecosystem, name, version, canonical) => {
    expect(readPurl(purl)).toEqual({ ok: true, value: { ecosystem, name, version, purl: canonical } });
  });

  it('rejects other types and non-purls', () => {
    expect(readPurl('pkg:deb/debian/curl@7.0')).toEqual({ ok: false, type: 'deb' });
    expect(readPurl('not a purl')).toEqual({ ok: false, type: null });
  });
});
