import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import type { SbomFormat } from '../../../core/inventory.js';
import { sbomFormats } from '../index.js';
import { expectRoundTrip, sampleInventory, savedSchemaValidator, writeOptions } from '../test-support.js';
import { spdx3JsonLd } from './index.js';

type Node = Record<string, unknown> & { type: string; spdxId?: string };

const written = () =>
  JSON.parse(spdx3JsonLd.write(sampleInventory(), writeOptions)) as {
    '@context': string;
    '@graph': Node[];
  };
const nodes = (type: string) => written()['@graph'].filter((n) => n.type === type);
const base = writeOptions.serialNumber;

describe('spdx3-jsonld write', () => {
  it('writes documents the SPDX 3.0.1 JSON schema accepts (the full schema when saved, else the excerpt)', () => {
    const full = path.resolve(
      import.meta.dirname,
      '../../../../test/fixtures/schemas/spdx-schema-3.0.1.json',
    );
    const validate = savedSchemaValidator(
      fs.existsSync(full) ? 'spdx-schema-3.0.1.json' : 'spdx-3.0.1-excerpt.schema.json',
    );
    const ok = validate(written());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const broken = written();
    const pkg = broken['@graph'].find((n) => n.type === 'software_Package');
    if (pkg) pkg.spdxId = '_:not-an-iri';
    expect(validate(broken)).toBe(false);
    const extra = written();
    const relationship = extra['@graph'].find((n) => n.type === 'Relationship');
    if (relationship) relationship.software_packageUrl = 'pkg:npm/x@1';
    expect(validate(extra)).toBe(false);
    expect(validate({ ...written(), '@context': 'https://spdx.org/rdf/3.0.0/spdx-context.jsonld' })).toBe(
      false,
    );
  });

  it('writes the frame: context, creation info, agent and tool, document, SBOM', () => {
    const doc = written();
    expect(doc['@context']).toBe('https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
    expect(nodes('CreationInfo')).toEqual([
      {
        type: 'CreationInfo',
        '@id': '_:creationinfo',
        specVersion: '3.0.1',
        created: '2024-05-01T12:00:00Z',
        createdBy: [`${base}#SPDXRef-Agent-ospokit`],
        createdUsing: [`${base}#SPDXRef-Tool-ospokit`],
      },
    ]);
    expect(nodes('Tool')[0]).toMatchObject({ name: 'ospokit-0.1.0', creationInfo: '_:creationinfo' });
    const [document] = nodes('SpdxDocument');
    expect(document).toMatchObject({
      spdxId: `${base}#SPDXRef-DOCUMENT`,
      name: 'web-app@2.0.0',
      profileConformance: ['core', 'software', 'simpleLicensing'],
      rootElement: [`${base}#SPDXRef-Sbom`],
    });
    const [sbom] = nodes('software_Sbom');
    expect(sbom?.rootElement).toEqual([`${base}#SPDXRef-Subject`]);
    const ids = doc['@graph'].flatMap((n) => (n.spdxId ? [n.spdxId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith(`${base}#SPDXRef-`))).toBe(true);
    expect(document?.element).toEqual(ids.filter((id) => id !== document?.spdxId));
  });

  it('writes packages, dependsOn per dependent, one declared license element per license', () => {
    const serde = nodes('software_Package').find((p) => p.name === 'serde');
    expect(serde).toEqual({
      type: 'software_Package',
      spdxId: `${base}#SPDXRef-Package-serde-1.0.197`,
      creationInfo: '_:creationinfo',
      name: 'serde',
      software_packageVersion: '1.0.197',
      software_packageUrl: 'pkg:cargo/serde@1.0.197',
      software_primaryPurpose: 'library',
    });
    const relationships = nodes('Relationship');
    expect(relationships).toContainEqual(
      expect.objectContaining({
        from: serde?.spdxId,
        relationshipType: 'dependsOn',
        to: [`${base}#SPDXRef-Package-Newtonsoft.Json`, `${base}#SPDXRef-Package-django-rest-1.0.0`],
      }),
    );
    const licenses = relationships.find(
      (r) => r.from === serde?.spdxId && r.relationshipType === 'hasDeclaredLicense',
    );
    const expressions = nodes('simplelicensing_LicenseExpression');
    const text = (id: unknown) => expressions.find((e) => e.spdxId === id)?.simplelicensing_licenseExpression;
    expect(((licenses?.to ?? []) as string[]).map(text)).toEqual(['MIT', 'Apache-2.0 OR MIT']);
    const custom = expressions.find((e) => e.simplelicensing_customIdToUri);
    expect(custom?.simplelicensing_licenseExpression).toBe('LicenseRef-Custom-Corp-License');
    expect(nodes('simplelicensing_SimpleLicensingText')).toEqual([
      expect.objectContaining({
        name: 'Custom Corp License',
        simplelicensing_licenseText: 'Custom Corp License',
      }),
    ]);
  });

  it('marks edge ends that are no package as annotated applications, read back as edge ends only', () => {
    const app = nodes('software_Package').find((p) => p.name === 'app');
    expect(app).toMatchObject({
      software_packageUrl: 'pkg:cargo/app@0.1.0',
      software_primaryPurpose: 'application',
    });
    expect(nodes('Annotation')).toContainEqual(
      expect.objectContaining({
        annotationType: 'other',
        subject: app?.spdxId,
        statement: 'ospokit:role=project',
      }),
    );
    const back = spdx3JsonLd.read(spdx3JsonLd.write(sampleInventory(), writeOptions), 'sbom.spdx3.json');
    expect(back.packages.map((p) => p.purl)).not.toContain('pkg:cargo/app@0.1.0');
    expect(back.dependencies).toContainEqual({ from: 'pkg:cargo/app@0.1.0', to: 'pkg:cargo/util@0.1.0' });
  });

  it('round-trips packages, purls, licenses (names too), edges and the subject', () => {
    const back = expectRoundTrip(spdx3JsonLd, sampleInventory(), writeOptions);
    expect(back.subject).toEqual(sampleInventory().subject);
    expect(back.packages.find((p) => p.name === 'org.apache.commons:commons-lang3')?.direct).toBe(true);
    expect(back.packages.find((p) => p.name === 'django-rest')?.licenses).toEqual([
      'BSD-3-Clause',
      'Custom Corp License',
    ]);
  });

  it('round-trips an inventory without subject; output is reproducible and in whole seconds', () => {
    const { subject: _none, ...inventory } = sampleInventory();
    expectRoundTrip(spdx3JsonLd, inventory, writeOptions);
    const shuffled = sampleInventory();
    shuffled.packages.reverse();
    shuffled.dependencies.reverse();
    expect(spdx3JsonLd.write(shuffled, writeOptions)).toBe(
      spdx3JsonLd.write(sampleInventory(), writeOptions),
    );
    const now = spdx3JsonLd.write(sampleInventory(), {
      ...writeOptions,
      timestamp: '2024-05-01T14:00:00.123+02:00',
    });
    expect(now).toContain('"created": "2024-05-01T12:00:00Z"');
  });

  it('carries everything across formats: CycloneDX -> SPDX 3 -> CycloneDX', () => {
    const cdx = sbomFormats.find((f) => f.id === 'cyclonedx-json') as Required<SbomFormat>;
    const original = sampleInventory();
    const options = { ...writeOptions, specVersion: '1.7' };
    const viaSpdx3 = spdx3JsonLd.read(
      spdx3JsonLd.write(cdx.read(cdx.write(original, options), 'a.cdx.json'), writeOptions),
      'b.spdx3.json',
    );
    const back = expectRoundTrip(cdx, viaSpdx3, options);
    const view = (i: typeof original) =>
      [...i.packages]
        .sort((a, b) => a.purl.localeCompare(b.purl))
        .map((p) => [p.purl, p.name, p.version, [...p.licenses].sort()]);
    expect(view(back)).toEqual(view(original));
    for (const edge of original.dependencies) expect(back.dependencies).toContainEqual(edge);
    expect(back.subject).toEqual(original.subject);
  });

  it('refuses spec versions it cannot write', () => {
    const error = (() => {
      try {
        spdx3JsonLd.write(sampleInventory(), { ...writeOptions, specVersion: '3.0.0' });
      } catch (e) {
        return e as OspoError;
      }
    })();
    expect(error?.code).toBe('ERR_OSPO_SBOM_VERSION');
  });
});
