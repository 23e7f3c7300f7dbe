import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { assertInventoryWellFormed, fixtures, fuzzSbomReader } from '../test-support.js';
import { spdxTagValue } from './index.js';
import { readSpdxTagValue } from './read.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';

describe('spdx-tag-value read', () => {
  it('detects tag-value and nothing else', () => {
    expect(spdxTagValue.detect(text('pip-2.3.spdx'))).toBe(true);
    expect(spdxTagValue.detect('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
  });

  it('reads packages, multi-line text, relationships, scopes and extracted license names', () => {
    const { inventory, warnings } = readSpdxTagValue(text('pip-2.3.spdx'), 'pip-2.3.spdx');
    assertInventoryWellFormed(inventory);
    expect(inventory.subject).toEqual({
      name: 'api-service',
      version: '3.2.0',
      purl: 'pkg:pypi/api-service@3.2.0',
    });
    expect(inventory.packages.map((p) => [p.name, p.version, p.scope, p.direct, p.licenses])).toEqual([
      ['flask', '3.0.2', 'unknown', true, ['BSD-3-Clause']],
      ['pytest', '8.1.1', 'dev', true, ['MIT']],
      ['werkzeug', '3.0.1', 'unknown', false, ['BSD-3-Clause']],
    ]);
    expect(inventory.dependencies).toEqual([
      { from: 'pkg:pypi/api-service@3.2.0', to: 'pkg:pypi/flask@3.0.2' },
      { from: 'pkg:pypi/api-service@3.2.0', to: 'pkg:pypi/pytest@8.1.1' },
      { from: 'pkg:pypi/flask@3.0.2', to: 'pkg:pypi/werkzeug@3.0.1' },
    ]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['version-2.1.spdx', 'ERR_OSPO_SBOM_VERSION', undefined],
    ['unclosed-text.spdx', 'ERR_OSPO_PARSE', 2],
    ['not-tag-value.spdx', 'ERR_OSPO_PARSE', 2],
  ])('reports %s as %s', (name, code, line) => {
    const error = (() => {
      try {
        spdxTagValue.read(text(name), name);
      } catch (e) {
        return e as OspoError & { line?: number };
      }
    })();
    expect(error?.code).toBe(code);
    if (line !== undefined) expect(error?.line).toBe(line);
  });

  it('reports a document without SPDXVersion as ERR_OSPO_PARSE_SHAPE', () => {
    expect(() => spdxTagValue.read('PackageName: x\n', 'x.spdx')).toThrow(
      expect.objectContaining({ code: 'ERR_OSPO_PARSE_SHAPE' }),
    );
  });

  it('never crashes on arbitrary or mutated input', () => {
    fuzzSbomReader(spdxTagValue, [...files.values()]);
  });
});
