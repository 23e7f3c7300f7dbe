import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { expect } from 'vitest';
import { mutatedText } from '../../../test/support/extractors.js';
import { OspoError } from '../../core/errors.js';
import {
  ecosystems,
  type Inventory,
  type InventoryPackage,
  type SbomFormat,
  type SbomWriteOptions,
  scopes,
} from '../../core/inventory.js';
import { purlFor } from '../../core/purl.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = formats as unknown as typeof formats.default;

export { fixtures } from '../../../test/support/extractors.js';

export const writeOptions: SbomWriteOptions = {
  toolVersion: '0.1.0',
  timestamp: '2024-05-01T12:00:00Z',
  serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
};

/** What every inventory read from an SBOM must satisfy, whatever the format. */
export function assertInventoryWellFormed(inventory: Inventory): void {
  const purls = new Set<string>();
  for (const p of inventory.packages) {
    expect(ecosystems).toContain(p.ecosystem);
    expect(scopes).toContain(p.scope);
    expect(p.name.length > 0, `name of ${p.purl}`).toBe(true);
    expect(p.version === null || p.version.length > 0).toBe(true);
    expect(p.purl).toBe(purlFor(p.ecosystem, p.name, p.version));
    expect(purls.has(p.purl), `duplicate ${p.purl}`).toBe(false);
    purls.add(p.purl);
    expect([true, false, null]).toContain(p.direct);
    expect(p.licenses.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
  }
  for (const e of inventory.dependencies) {
    expect(e.from.startsWith('pkg:') && e.to.startsWith('pkg:'), JSON.stringify(e)).toBe(true);
  }
}

/** Arbitrary text and mutated fixtures must give an inventory or a coded OspoError, nothing else. */
export function fuzzSbomReader(format: SbomFormat, samples: string[], runs = 300): void {
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    mutatedText(samples),
    mutatedText(samples),
    mutatedText(samples),
  );
  fc.assert(
    fc.property(anyText, (text) => {
      try {
        assertInventoryWellFormed(format.read(text, 'fuzz'));
      } catch (error) {
        if (!(error instanceof OspoError)) throw error;
        expect(error.code).toMatch(/^ERR_OSPO_/);
      }
    }),
    { numRuns: runs },
  );
}

const pkg = (
  ecosystem: InventoryPackage['ecosystem'],
  name: string,
  version: string | null,
  extra: Partial<InventoryPackage> = {},
): InventoryPackage => ({
  ecosystem,
  name,
  version,
  purl: purlFor(ecosystem, name, version),
  scope: 'prod',
  direct: null,
  licenses: [],
  locations: [],
  ...extra,
});

/** An inventory touching every mapping a writer has to get right. */
export function sampleInventory(): Inventory {
  const packages = [
    pkg('npm', '@babel/core', '7.23.9', { scope: 'dev', direct: true, licenses: ['MIT'] }),
    pkg('npm', 'fsevents', '2.3.3', { scope: 'optional', direct: false, licenses: ['MIT OR Apache-2.0'] }),
    pkg('npm', 'react-dom', '18.2.0', { scope: 'peer', licenses: ['MIT'] }),
    pkg('Maven', 'org.apache.commons:commons-lang3', '3.14.0', {
      direct: true,
      licenses: ['Apache-2.0'],
      locations: [{ path: 'pom.xml' }, { path: 'sub/pom.xml' }],
    }),
    pkg('Go', 'github.com/Masterminds/semver/v3', '3.1.0', { scope: 'unknown', licenses: ['MIT'] }),
    pkg('PyPI', 'django-rest', '1.0.0', { licenses: ['BSD-3-Clause', 'Custom Corp License'] }),
    pkg('Packagist', 'laravel/framework', 'v10.48.4', {
      licenses: ['GPL-2.0-or-later WITH Classpath-exception-2.0'],
    }),
    pkg('crates.io', 'serde', '1.0.197', { licenses: ['MIT', 'Apache-2.0 OR MIT'] }),
    pkg('NuGet', 'Newtonsoft.Json', null),
  ];
  const purl = (name: string) => packages.find((p) => p.name === name)?.purl ?? '';
  const subject = { name: 'web-app', version: '2.0.0', purl: purlFor('npm', 'web-app', '2.0.0') };
  return {
    subject,
    packages,
    dependencies: [
      { from: subject.purl, to: purl('@babel/core') },
      { from: purl('@babel/core'), to: purl('fsevents') },
      { from: purl('org.apache.commons:commons-lang3'), to: purl('serde') },
      { from: purl('serde'), to: purl('django-rest') },
      { from: purl('serde'), to: purl('Newtonsoft.Json') },
      // the project's own modules (cargo workspace crates): edge ends that are not packages
      { from: 'pkg:cargo/app@0.1.0', to: purl('serde') },
      { from: 'pkg:cargo/app@0.1.0', to: 'pkg:cargo/util@0.1.0' },
      { from: 'pkg:cargo/util@0.1.0', to: purl('Newtonsoft.Json') },
    ],
  };
}

/** Write then read: every package (purl, ecosystem, name, version), license set and edge survives. */
export function expectRoundTrip(
  format: Required<Pick<SbomFormat, 'read' | 'write'>>,
  inventory: Inventory,
  options: SbomWriteOptions,
  licensesOf: (p: InventoryPackage) => unknown = (p) => [...p.licenses].sort(),
): Inventory {
  const back = format.read(format.write(inventory, options), 'round-trip');
  assertInventoryWellFormed(back);
  const key = (p: InventoryPackage) => [p.purl, p.ecosystem, p.name, p.version, licensesOf(p)];
  expect(back.packages.map(key)).toEqual([...inventory.packages].sort(byPurl).map(key));
  for (const edge of inventory.dependencies) expect(back.dependencies).toContainEqual(edge);
  expect(back.warnings ?? []).toEqual([]);
  expect(back.subject?.purl).toBe(inventory.subject?.purl);
  return back;
}

const byPurl = (a: InventoryPackage, b: InventoryPackage) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0);

const cdxSchemas = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema',
);

/** The official CycloneDX JSON schema of one version, with the schemas it references registered. */
export function cycloneDxValidator(version: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // ajv-formats has no IRI formats; the BOMs we write carry no IRIs or e-mail addresses.
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  for (const name of ['spdx', 'jsf-0.82', 'cryptography-defs']) {
    const schema = readJson(path.join(cdxSchemas, `${name}.SNAPSHOT.schema.json`));
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
  }
  return ajv.compile(readJson(path.join(cdxSchemas, `bom-${version}.SNAPSHOT.schema.json`)));
}

/** A schema saved under test/fixtures/schemas, compiled with the draft its `$schema` names. */
export function savedSchemaValidator(file: string) {
  const schema = readJson(path.resolve(import.meta.dirname, '../../../test/fixtures/schemas', file));
  const draft2020 = String(schema.$schema ?? '').includes('2020-12');
  const ajv = draft2020
    ? new Ajv2020({ strict: false, allErrors: true })
    : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The folder of the CycloneDX schemas, for tests that read the SPDX license enum. */
export const cycloneDxSchemaDir = cdxSchemas;

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
