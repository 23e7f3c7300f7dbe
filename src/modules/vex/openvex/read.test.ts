import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OspoError } from '../../../core/errors.js';
import type { VexDocument } from '../../../core/vex.js';
import { assertVexDocument, fixtures, fuzzVexFormat } from '../test-support.js';
import { openvex } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));

function read(name: string): VexDocument {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no fixture ${name}`);
  const doc: unknown = JSON.parse(text);
  expect(openvex.detect(doc)).toBe(true);
  const result = openvex.read(doc);
  assertVexDocument(result);
  return result;
}

const distroless =
  'pkg:oci/distroless-static@sha256%3A8fb2fe7a9ea08b9cc4b4e6b8e2f1e4b9f4bbd1a0f0d8d1e3b4a7e44b1b9c3a1d';

describe('openvex', () => {
  it.each([
    {
      fixture: 'v0.2.0-spring-not-affected.json',
      id: 'https://openvex.dev/docs/public/vex-2e67563e128250cbcb3e98930df948dd053e43271d70dc50cfa22d57e03fe96f',
      statements: [
        {
          vulnerability: 'CVE-2021-44228',
          aliases: ['GHSA-jfh8-c2jp-5v3q'],
          components: ['pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3'],
          unresolved: [],
          state: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          response: [],
          detail:
            'Spring Boot users are only affected by this vulnerability if they have switched the default logging system to Log4J2.',
          timestamp: '2023-01-17T01:07:16.853Z',
        },
      ],
      warnings: [],
    },
    {
      fixture: 'v0.2.0-image-subcomponents.json',
      id: 'https://openvex.dev/docs/example/vex-9fb3463de1b57',
      statements: [
        {
          vulnerability: 'CVE-2023-12345',
          aliases: [],
          components: ['pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', 'pkg:apk/wolfi/curl@8.1.2-r0?arch=x86_64'],
          unresolved: [],
          state: 'in_triage',
          justification: null,
          response: [],
          detail: null,
          timestamp: '2023-01-09T00:02:03.000Z',
        },
        {
          vulnerability: 'CVE-2023-12345',
          aliases: [],
          components: ['pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64'],
          unresolved: [],
          state: 'resolved',
          justification: null,
          response: [],
          detail: null,
          timestamp: '2023-01-09T15:08:42.000Z',
        },
        {
          vulnerability: 'GHSA-8489-44mv-ggj8',
          aliases: ['CVE-2023-39325', 'GO-2023-2102'],
          components: ['pkg:golang/example.com/tool@v1.4.0'],
          unresolved: ['urn:example:product:tool-appliance'],
          state: 'exploitable',
          justification: null,
          response: [],
          detail: 'Upgrade to v1.4.1, which builds with Go 1.21.3.',
          timestamp: '2023-01-09T15:08:42.000Z',
        },
      ],
      warnings: [],
    },
    {
      fixture: 'v0.0.1-string-form.json',
      id: 'https://openvex.dev/docs/public/vex-0f3be8817faafa24e4bfb3d17eaf619efb1fe54923b9c42c57b156a936b91431',
      statements: [
        {
          vulnerability: 'CVE-2022-41723',
          aliases: [],
          components: ['pkg:golang/golang.org/x/net@v0.5.0'],
          unresolved: [],
          state: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          response: [],
          detail: null,
          timestamp: '2023-03-02T19:43:45.123Z',
        },
        {
          vulnerability: 'CVE-2023-24532',
          aliases: [],
          components: [distroless],
          unresolved: [],
          state: 'resolved',
          justification: null,
          response: [],
          detail: null,
          timestamp: '2023-03-07T10:00:00.000Z',
        },
      ],
      warnings: [],
    },
  ])('$fixture', ({ fixture, id, statements, warnings }) => {
    const doc = read(fixture);
    expect(doc.format).toBe('openvex');
    expect(doc.id).toBe(id);
    expect(doc.statements).toEqual(statements);
    expect(doc.warnings).toEqual(warnings);
  });

  it('skips statements it cannot use, says why, and reads the rest', () => {
    const doc = read('skipped-statements.json');
    expect(doc.statements.map((s) => [s.vulnerability, s.state, s.justification, s.timestamp])).toEqual([
      ['CVE-2024-0003', 'not_affected', null, '2024-05-02T08:00:00.000Z'],
      ['CVE-2024-0004', 'in_triage', null, '2024-05-02T08:00:00.000Z'],
    ]);
    expect(doc.statements[0]?.detail).toBe('The parser is never given untrusted input.');
    expect(doc.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_VEX_UNKNOWN_STATUS',
      'ERR_OSPO_VEX_NO_VULNERABILITY',
      'ERR_OSPO_VEX_NO_VULNERABILITY',
      'ERR_OSPO_VEX_UNKNOWN_JUSTIFICATION',
      'ERR_OSPO_VEX_BAD_TIMESTAMP',
      'ERR_OSPO_VEX_NO_PRODUCT',
    ]);
  });

  it.each([
    ['statements-not-a-list.json', 'statements'],
    ['product-not-an-object.json', 'statements.0.products.0'],
  ])('refuses %s with a coded error naming %s', (fixture, field) => {
    const error = catching(() => read(fixture));
    expect(error).toBeInstanceOf(OspoError);
    expect(error).toMatchObject({ code: 'ERR_OSPO_VEX_INVALID' });
    expect((error as OspoError).message).toContain(field);
    expect((error as OspoError).hint).toBeTruthy();
  });

  it('detects OpenVEX by its context only', () => {
    expect(openvex.detect({ '@context': 'https://openvex.dev/ns/v0.2.0' })).toBe(true);
    expect(
      openvex.detect({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://openvex.dev/ns'] }),
    ).toBe(true);
    expect(openvex.detect({ '@context': 'https://schema.org' })).toBe(false);
    expect(openvex.detect({ bomFormat: 'CycloneDX' })).toBe(false);
    expect(openvex.detect(null)).toBe(false);
  });

  it('never throws anything but a coded OspoError, on any JSON or mutated fixture', () => {
    fuzzVexFormat(openvex, [...files.values()]);
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
