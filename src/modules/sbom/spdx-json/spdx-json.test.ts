import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { spdx2License } from '../spdx2-model.js';
import {
  assertInventoryWellFormed,
  expectRoundTrip,
  fixtures,
  fuzzSbomReader,
  sampleInventory,
  savedSchemaValidator,
  writeOptions,
} from '../test-support.js';
import { spdxJson } from './index.js';
import { readSpdxJson } from './read.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const read = (name: string) => {
  const result = readSpdxJson(text(name), name);
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

describe('spdx-json read', () => {
  it('detects SPDX JSON and nothing else', () => {
    expect(spdxJson.detect(text('syft-2.3.json'))).toBe(true);
    expect(spdxJson.detect('SPDXVersion: SPDX-2.3')).toBe(false);
    expect(spdxJson.detect('{"bomFormat": "CycloneDX"}')).toBe(false);
  });

  it('reads a syft 2.3 document: purls, declared then concluded licenses, DEPENDS_ON edges', () => {
    const { inventory, warnings } = read('syft-2.3.json');
    expect(inventory.subject).toEqual({ name: '/src/web-app', version: null });
    expect(inventory.packages.map((p) => [p.purl, p.licenses, p.direct])).toEqual([
      ['pkg:npm/%40types/node@20.11.5', ['MIT'], false],
      ['pkg:npm/body-parser@1.20.1', ['(MIT OR Apache-2.0)'], false],
      ['pkg:npm/express@4.18.2', ['MIT'], true],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:npm/express@4.18.2', to: 'pkg:npm/body-parser@1.20.1' },
    ]);
    expect(warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_SBOM_UNSUPPORTED_PURL',
      'ERR_OSPO_SBOM_EDGE_DROPPED',
    ]);
  });

  it('reads 2.2 documentDescribes, *_DEPENDENCY_OF edges and scopes, extracted license names', () => {
    const { inventory, warnings } = read('maven-2.2.json');
    expect(inventory.subject).toEqual({
      name: 'com.acme:shop',
      version: '1.0.0',
      purl: 'pkg:maven/com.acme/shop@1.0.0',
    });
    expect(inventory.packages.map((p) => [p.name, p.scope, p.direct, p.licenses])).toEqual([
      ['com.google.guava:failureaccess', 'unknown', false, ['Apache-2.0']],
      ['com.google.guava:guava', 'unknown', true, ['Apache-2.0']],
      ['org.junit.jupiter:junit-jupiter', 'dev', true, ['EPL-2.0']],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/com.google.guava/guava@32.1.3-jre' },
      { from: 'pkg:maven/com.acme/shop@1.0.0', to: 'pkg:maven/org.junit.jupiter/junit-jupiter@5.10.1' },
      {
        from: 'pkg:maven/com.google.guava/guava@32.1.3-jre',
        to: 'pkg:maven/com.google.guava/failureaccess@1.0.1',
      },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['ERR_OSPO_SBOM_NO_PURL']);
  });

  it.each([
    ['version-2.1.json', 'ERR_OSPO_SBOM_VERSION'],
    ['not-json.json', 'ERR_OSPO_PARSE'],
    ['wrong-shape.json', 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports %s as %s', (name, code) => {
    expect(codeOf(() => spdxJson.read(text(name), name))).toBe(code);
  });

  it('never crashes on arbitrary or mutated input', () => {
    fuzzSbomReader(spdxJson, [...files.values()]);
  });
});

describe('spdx-json write', () => {
  const written = () => JSON.parse(spdxJson.write(sampleInventory(), writeOptions));

  it('writes the SPDX 2.3 document frame and a package per purl', () => {
    const doc = written();
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'web-app@2.0.0',
      documentNamespace:
        'https://spdx.org/spdxdocs/ospokit-web-app-2.0.0-3e671687-395b-41f5-a30f-a58921a69b79',
      creationInfo: { created: writeOptions.timestamp, creators: ['Tool: ospokit-0.1.0'] },
    });
    const ids = doc.packages.map((p: { SPDXID: string }) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id: string) => /^SPDXRef-[A-Za-z0-9.-]+$/.test(id))).toBe(true);
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Subject',
    });
    expect(doc.hasExtractedLicensingInfos).toEqual([
      {
        licenseId: 'LicenseRef-Custom-Corp-License',
        name: 'Custom Corp License',
        extractedText: 'Custom Corp License',
      },
    ]);
    expect(spdxJson.write(sampleInventory(), writeOptions)).toBe(
      spdxJson.write(sampleInventory(), writeOptions),
    );
  });

  it('round-trips packages, purls, licenses and edges', () => {
    const back = expectRoundTrip(
      spdxJson,
      sampleInventory(),
      writeOptions,
      (p) => spdx2License(p.licenses).expression,
    );
    expect(back.subject).toEqual(sampleInventory().subject);
    expect(back.packages.find((p) => p.name === 'org.apache.commons:commons-lang3')?.direct).toBe(true);
  });

  it('writes edge ends that are no package as annotated applications, read back as edge ends only', () => {
    const doc = written();
    const app = doc.packages.find((p: { name: string }) => p.name === 'app');
    expect(app).toMatchObject({
      SPDXID: 'SPDXRef-Package-app-0.1.0',
      versionInfo: '0.1.0',
      primaryPackagePurpose: 'APPLICATION',
      annotations: [{ annotationType: 'OTHER', comment: 'ospokit:role=project' }],
    });
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-Package-app-0.1.0',
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: 'SPDXRef-Package-util-0.1.0',
    });
    const back = spdxJson.read(JSON.stringify(doc), 'doc.spdx.json');
    expect(back.packages).toHaveLength(sampleInventory().packages.length);
    expect(back.dependencies).toContainEqual({ from: 'pkg:cargo/app@0.1.0', to: 'pkg:cargo/util@0.1.0' });
    // without our annotation it is a package like any other
    for (const p of doc.packages) delete p.annotations;
    const foreign = spdxJson.read(JSON.stringify(doc), 'other-tool.spdx.json');
    expect(foreign.packages.map((p) => p.purl)).toContain('pkg:cargo/app@0.1.0');
  });

  it('writes documents the SPDX 2.3 JSON schema accepts (the full schema when saved, else the excerpt)', () => {
    const full = path.resolve(import.meta.dirname, '../../../../test/fixtures/schemas/spdx-schema-2.3.json');
    const validate = savedSchemaValidator(
      fs.existsSync(full) ? 'spdx-schema-2.3.json' : 'spdx-2.3-excerpt.schema.json',
    );
    const ok = validate(written());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate({ ...written(), creationInfo: {} })).toBe(false);
  });
});
