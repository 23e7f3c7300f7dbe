import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VexDocument } from '../../../core/vex.js';
import { assertVexDocument, fixtures, fuzzVexFormat } from '../test-support.js';
import { csaf } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));

function read(name: string): VexDocument {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no fixture ${name}`);
  const doc: unknown = JSON.parse(text);
  expect(csaf.detect(doc)).toBe(true);
  const result = csaf.read(doc);
  assertVexDocument(result);
  return result;
}

const base = { aliases: [], components: [], unresolved: [], justification: null, response: [], detail: null };

describe('csaf', () => {
  it.each([
    {
      fixture: 'oasis-uc-01-not-affected.json',
      id: '2022-EVD-UC-01-NA-001',
      statements: [
        {
          ...base,
          vulnerability: 'CVE-2021-44228',
          unresolved: ['CSAFPID-0001'],
          state: 'not_affected',
          detail: 'Class with vulnerable code was removed before shipping.',
          timestamp: '2022-03-03T11:00:00.000Z',
        },
      ],
      warnings: [],
    },
    {
      fixture: 'redhat-cve-relationships.json',
      id: 'CVE-2023-0286',
      statements: [
        {
          ...base,
          vulnerability: 'CVE-2023-0286',
          aliases: ['2164440'],
          components: ['pkg:rpm/redhat/openssl?arch=src'],
          state: 'not_affected',
          justification: 'vulnerable_code_not_present',
          timestamp: '2024-09-20T19:47:31.000Z',
        },
        {
          ...base,
          vulnerability: 'CVE-2023-0286',
          aliases: ['2164440'],
          unresolved: ['red_hat_jboss_core_services:jbcs-httpd24-openssl'],
          state: 'exploitable',
          response: ['will_not_fix'],
          detail: 'Important',
          timestamp: '2024-09-20T19:47:31.000Z',
        },
        {
          ...base,
          vulnerability: 'CVE-2023-0286',
          aliases: ['2164440'],
          components: [
            'pkg:rpm/redhat/openssl@1.1.1k-9.el8_7?arch=x86_64&epoch=1',
            'pkg:rpm/redhat/openssl-libs@1.1.1k-9.el8_7?arch=x86_64&epoch=1',
          ],
          state: 'resolved',
          response: ['update'],
          detail: 'Important',
          timestamp: '2024-09-20T19:47:31.000Z',
        },
      ],
      warnings: [],
    },
  ])('$fixture', ({ fixture, id, statements, warnings }) => {
    const doc = read(fixture);
    expect(doc.format).toBe('csaf-vex');
    expect(doc.id).toBe(id);
    expect(doc.statements).toEqual(statements);
    expect(doc.warnings).toEqual(warnings);
  });

  it('expands product groups, keeps unknown products unresolved, and warns about what it passes over', () => {
    const doc = read('groups-and-odd-entries.json');
    const t = '2024-07-02T00:00:00.000Z';
    const s4711 = {
      ...base,
      vulnerability: 'CVE-2024-6387',
      aliases: ['ACME-BUG-4711'],
      state: 'not_affected',
      timestamp: t,
    };
    const s4720 = { ...base, vulnerability: 'ACME-BUG-4720', timestamp: t };
    expect(doc.statements).toEqual([
      {
        ...s4711,
        components: ['pkg:generic/acme/gateway@3.1', 'pkg:generic/acme/gateway@3.2'],
        justification: 'vulnerable_code_not_in_execute_path',
      },
      { ...s4711, unresolved: ['GW-2.9'] },
      { ...s4720, unresolved: ['GW-2.9'], state: 'exploitable', response: ['workaround_available'] },
      { ...s4720, unresolved: ['GW-4.0'], state: 'exploitable' },
      { ...s4720, components: ['pkg:generic/acme/gateway@3.1'], state: 'resolved' },
      { ...s4720, components: ['pkg:generic/acme/gateway@3.1'], state: 'in_triage' },
    ]);
    expect(doc.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_VEX_NOT_VEX_PROFILE',
      'ERR_OSPO_VEX_UNKNOWN_JUSTIFICATION',
      'ERR_OSPO_VEX_CONTRADICTION',
      'ERR_OSPO_VEX_UNKNOWN_RESPONSE',
      'ERR_OSPO_VEX_UNKNOWN_PRODUCT',
      'ERR_OSPO_VEX_NO_VULNERABILITY',
      'ERR_OSPO_VEX_NO_STATUS',
    ]);
  });

  it.each([
    ['unsupported-version.json', 'ERR_OSPO_VEX_UNSUPPORTED_VERSION'],
    ['product-without-id.json', 'ERR_OSPO_VEX_INVALID'],
  ])('refuses %s with %s', (fixture, code) => {
    expect(() => read(fixture)).toThrow(expect.objectContaining({ code }));
  });

  it('gives a relationship product the purl of what it references, through stacked relationships, and passes over empty ids', () => {
    const doc = csaf.read({
      document: { category: 'csaf_vex', csaf_version: '2.0', tracking: { id: 'X' } },
      product_tree: {
        full_product_names: [
          { name: 'lib', product_id: 'lib', product_identification_helper: { purl: 'pkg:npm/lib@1.0.0' } },
        ],
        relationships: [
          {
            product_reference: 'lib',
            relates_to_product_reference: 'app',
            full_product_name: { name: 'a', product_id: 'app:lib' },
          },
          {
            product_reference: 'app:lib',
            relates_to_product_reference: 'os',
            full_product_name: { name: 'b', product_id: 'os:app:lib' },
          },
          {
            product_reference: 'loop-b',
            relates_to_product_reference: 'x',
            full_product_name: { name: 'c', product_id: 'loop-a' },
          },
          {
            product_reference: 'loop-a',
            relates_to_product_reference: 'x',
            full_product_name: { name: 'd', product_id: 'loop-b' },
          },
        ],
      },
      vulnerabilities: [{ cve: 'CVE-2024-0002', product_status: { fixed: ['os:app:lib', 'loop-a', ''] } }],
    });
    expect(doc.statements.map((s) => [s.components, s.unresolved])).toEqual([
      [['pkg:npm/lib@1.0.0'], ['loop-a']],
    ]);
  });

  it('never throws anything but a coded OspoError, on any JSON or mutated fixture', () => {
    fuzzVexFormat(csaf, [...files.values()]);
  });
});
