import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OspoError } from '../../src/core/errors.js';
import { readVex, vexFormats } from '../../src/modules/vex/index.js';

const root = path.resolve('src/modules/vex');
const folders = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const fixture = (folder: string, name: string) =>
  fs.readFileSync(path.join(root, folder, '__fixtures__', name), 'utf8');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OspoError) return error.code;
    throw error;
  }
  return undefined;
}

describe('VEX format plug-ins', () => {
  it('are all registered, once each, under their folder name', () => {
    expect(vexFormats.map((f) => f.id).sort()).toEqual(folders);
    for (const f of vexFormats) expect(Number.isInteger(f.version) && f.version > 0, f.id).toBe(true);
  });

  it.each(folders)('%s has index.ts, readme.md, a test and fixtures', (folder) => {
    const files = fs.readdirSync(path.join(root, folder));
    for (const file of ['index.ts', 'readme.md', '__fixtures__']) expect(files, folder).toContain(file);
    expect(
      files.some((f) => f.endsWith('.test.ts')),
      `${folder} has a test`,
    ).toBe(true);
    expect(
      fs.readdirSync(path.join(root, folder, '__fixtures__')).length,
      `${folder} fixtures`,
    ).toBeGreaterThan(0);
  });

  it('imports nothing outside core from a plug-in folder', () => {
    for (const folder of folders) {
      for (const file of fs.readdirSync(path.join(root, folder)).filter((f) => f.endsWith('.ts'))) {
        const source = fs.readFileSync(path.join(root, folder, file), 'utf8');
        for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
          const target = path.resolve(root, folder, spec ?? '');
          const inside = target.startsWith(path.join(root, folder) + path.sep);
          const core = target.startsWith(path.resolve('src/core') + path.sep);
          const support = file.endsWith('.test.ts') && target === path.join(root, 'test-support.js');
          expect(inside || core || support, `${folder}/${file} imports ${spec}`).toBe(true);
        }
      }
    }
  });
});

describe('readVex', () => {
  it.each([
    ['openvex', 'v0.2.0-spring-not-affected.json', 'openvex'],
    ['cyclonedx-vex', 'embedded-1.6.json', 'cyclonedx-vex'],
    ['cyclonedx-vex', 'embedded-1.6.xml', 'cyclonedx-vex'],
    ['csaf', 'redhat-cve-relationships.json', 'csaf-vex'],
  ])('detects %s in %s', (folder, name, format) => {
    const doc = readVex(fixture(folder, name));
    expect(doc.format).toBe(format);
    expect(doc.statements.length).toBeGreaterThan(0);
  });

  it('takes the format from a hint, by folder or document format name', () => {
    expect(readVex(fixture('csaf', 'oasis-uc-01-not-affected.json'), 'csaf-vex').format).toBe('csaf-vex');
    expect(readVex(fixture('openvex', 'v0.0.1-string-form.json'), 'openvex').statements).toHaveLength(2);
    expect(codeOf(() => readVex(fixture('openvex', 'v0.0.1-string-form.json'), 'csaf'))).toBe(
      'ERR_OSPO_VEX_INVALID',
    );
    expect(codeOf(() => readVex('{}', 'spdx'))).toBe('ERR_OSPO_VEX_UNKNOWN_FORMAT');
  });

  it.each([
    ['not JSON', '{"@context": "https://openvex.dev/ns", ', 'ERR_OSPO_VEX_NOT_JSON'],
    ['empty', '', 'ERR_OSPO_VEX_NOT_JSON'],
    [
      'XML that is not CycloneDX',
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
      'ERR_OSPO_VEX_NOT_JSON',
    ],
    [
      'broken XML',
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><vulnerabilities>',
      'ERR_OSPO_VEX_NOT_XML',
    ],
    ['JSON of no known format', '{"spdxVersion": "SPDX-2.3"}', 'ERR_OSPO_VEX_UNKNOWN_FORMAT'],
    ['a JSON array', '[1, 2]', 'ERR_OSPO_VEX_UNKNOWN_FORMAT'],
    [
      'an OpenVEX document of the wrong shape',
      '{"@context": "https://openvex.dev/ns", "statements": 3}',
      'ERR_OSPO_VEX_INVALID',
    ],
  ])('refuses %s with a coded error', (_what, text, code) => {
    expect(codeOf(() => readVex(text))).toBe(code);
  });

  it('reads a document with a byte-order mark', () => {
    expect(readVex(`\ufeff${fixture('openvex', 'v0.2.0-spring-not-affected.json')}`).statements).toHaveLength(
      1,
    );
  });
});
