import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OspoError } from '../../../core/errors.js';
import type { VexDocument } from '../../../core/vex.js';
import { assertVexDocument, fixtures, fuzzVexFormat } from '../test-support.js';
import { cyclonedxVex } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));

function read(name: string): VexDocument {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no fixture ${name}`);
  const doc: unknown = name.endsWith('.xml') ? cyclonedxVex.parseText(text) : JSON.parse(text);
  expect(cyclonedxVex.detect(doc)).toBe(true);
  const result = cyclonedxVex.read(doc);
  assertVexDocument(result);
  return result;
}

const statement = {
  aliases: [],
  components: [],
  unresolved: [],
  justification: null,
  response: [],
  detail: null,
  timestamp: null,
};

describe('cyclonedx-vex', () => {
  it('reads a standalone VEX whose BOM-Link names the component by purl', () => {
    const doc = read('standalone-1.4-bom-link.json');
    expect(doc).toEqual({
      format: 'cyclonedx-vex',
      id: null,
      statements: [
        {
          vulnerability: 'CVE-2020-25649',
          aliases: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302', 'GHSA-288c-cq4h-88gq'],
          components: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar'],
          unresolved: [],
          state: 'not_affected',
          justification: 'code_not_reachable',
          response: ['will_not_fix'],
          detail:
            'Automated dataflow analysis and manual code review indicates that the vulnerable code is not reachable, either directly or indirectly.',
          timestamp: null,
        },
      ],
      warnings: [],
    });
  });

  it('keeps BOM-Links into BOMs it does not have as unresolved', () => {
    const doc = read('cisa-case-8-other-boms.json');
    expect(
      doc.statements.map((s) => [s.state, s.justification, s.response, s.components, s.unresolved]),
    ).toEqual([
      [
        'exploitable',
        null,
        ['will_not_fix', 'update'],
        [],
        [
          'urn:cdx:cbb2cd68-2857-43b8-a10b-e8c03d277d18/1#product-ABC',
          'urn:cdx:e4c3eedc-4978-470c-ad02-6ffff63738ff/1#product-JKL',
        ],
      ],
      [
        'not_affected',
        'code_not_present',
        ['will_not_fix'],
        [],
        ['urn:cdx:e4c3eedc-4978-470c-ad02-6ffff63738ff/1#product-JKL'],
      ],
      ['resolved', null, [], [], ['urn:cdx:e4c3eedc-4978-470c-ad02-6ffff63738ff/1#product-JKL']],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  // the XML twin of embedded-1.6.json lacks its last four vulnerabilities, all of them skipped ones
  const embedded = [
    {
      ...statement,
      vulnerability: 'CVE-2024-45590',
      aliases: ['GHSA-qwcr-r2fm-qrc7'],
      components: ['pkg:npm/body-parser@1.20.1'],
      state: 'resolved',
      response: ['update'],
      detail: 'body-parser patched in our fork; see the pedigree.',
      timestamp: '2024-09-12T07:30:00.000Z',
    },
    {
      ...statement,
      vulnerability: 'CVE-2021-23337',
      components: ['pkg:npm/lodash@4.17.20'],
      unresolved: ['pkg:npm/lodash vers:npm/<4.17.21'],
      state: 'not_affected',
      justification: 'requires_configuration',
      response: ['will_not_fix', 'rollback'],
      detail: 'template() is never called with user input.',
      timestamp: '2024-06-01T12:00:00.000Z',
    },
    {
      ...statement,
      vulnerability: 'CVE-2022-37434',
      components: ['pkg:npm/acme-portal@4.2.0'],
      unresolved: ['vendored-zlib'],
      state: 'false_positive',
      detail: 'inflateGetHeader is not compiled in.',
      timestamp: '2024-06-01T12:00:00.000Z',
    },
  ];

  it.each([
    {
      fixture: 'embedded-1.6.json',
      statements: [
        ...embedded,
        {
          ...statement,
          vulnerability: 'CVE-2024-29041',
          components: ['pkg:npm/express@4.18.2', 'pkg:npm/qs@6.11.0'],
          state: 'in_triage',
          timestamp: '2024-06-01T12:00:00.000Z',
        },
      ],
      warnings: [
        'ERR_OSPO_VEX_UNKNOWN_RESPONSE',
        'ERR_OSPO_VEX_UNKNOWN_JUSTIFICATION',
        'ERR_OSPO_VEX_NO_ANALYSIS',
        'ERR_OSPO_VEX_UNKNOWN_STATUS',
        'ERR_OSPO_VEX_NO_VULNERABILITY',
      ],
    },
    { fixture: 'embedded-1.6.xml', statements: embedded, warnings: ['ERR_OSPO_VEX_NO_ANALYSIS'] },
  ])('resolves bom-refs at any depth in $fixture', ({ fixture, statements, warnings }) => {
    const doc = read(fixture);
    expect(doc.id).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
    expect(doc.statements).toEqual(statements);
    expect(doc.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('warns when a BOM has no vulnerabilities at all', () => {
    const doc = read('sbom-no-vulnerabilities.json');
    expect(doc.statements).toEqual([]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_VEX_EMPTY']);
  });

  it.each([
    ['spec-1.3.json', 'ERR_OSPO_VEX_UNSUPPORTED_VERSION'],
    ['affects-ref-not-a-string.json', 'ERR_OSPO_VEX_INVALID'],
  ])('refuses %s with %s', (fixture, code) => {
    expect(() => read(fixture)).toThrow(expect.objectContaining({ code }));
  });

  it('says where XML is broken, and passes over XML that is not a CycloneDX BOM', () => {
    const xml = files.get('embedded-1.6.xml') ?? '';
    let error: unknown;
    try {
      cyclonedxVex.parseText(xml.slice(0, 400));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OspoError);
    expect(error).toMatchObject({ code: 'ERR_OSPO_VEX_NOT_XML' });
    expect(cyclonedxVex.parseText('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBeNull();
    expect(cyclonedxVex.parseText('{"bomFormat":"CycloneDX"}')).toBeNull();
  });

  it('never throws anything but a coded OspoError, on any JSON, XML or mutated fixture', () => {
    fuzzVexFormat(cyclonedxVex, [...files.values()]);
  });
});
