import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { conanLock } from './index.js';
import { parseRef } from './refs.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(conanLock, 'conan.lock', files.get(name) ?? '');

describe('conan-lock', () => {
  it('matches conan.lock anywhere, and nothing else', () => {
    expect(conanLock.matches('conan.lock')).toBe(true);
    expect(conanLock.matches('build/conan.lock')).toBe(true);
    expect(conanLock.matches('conanfile.txt')).toBe(false);
    expect(conanLock.matches('myconan.lock')).toBe(false);
  });

  it.each([
    ['zlib/1.3.1#f52e03ae3d251dec704634230cd806a2%1708593606.497', 'zlib', '1.3.1', null, null],
    ['fmt/10.2.1@acme/stable#9199a7a0', 'fmt', '10.2.1', 'acme', 'stable'],
    ['pyreq/1.2@_/_#7e6a', 'pyreq', '1.2', null, null],
    ['boost/1.71.0@conan/stable#4e04:f2b7#0', 'boost', '1.71.0', 'conan', 'stable'],
    ['openssl/cci.20230101', 'openssl', 'cci.20230101', null, null],
  ])('parses the reference %s', (text, name, version, user, channel) => {
    expect(parseRef(text)).toMatchObject({ name, version, user, channel });
  });

  it('rejects what is no reference', () => {
    expect(parseRef('zlib')).toBeNull();
    expect(parseRef('zlib/1.0/extra')).toBeNull();
    expect(parseRef('')).toBeNull();
  });

  it('reads a Conan 2 lockfile: requires prod, build and python requires dev, no graph', async () => {
    const result = await run('v2-app.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:conan/zlib@1.3.1', 'prod', null],
      ['pkg:conan/protobuf@3.21.12', 'prod', null],
      ['pkg:conan/openssl@3.2.1', 'prod', null],
      ['pkg:conan/fmt@10.2.1', 'prod', null],
      ['pkg:conan/cmake@3.28.1', 'dev', null],
      ['pkg:conan/ninja@1.11.1', 'dev', null],
      ['pkg:conan/pyreq-helpers@1.2', 'dev', null],
    ]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNSUPPORTED_SOURCE']);
  });

  it('reads a Conan 1 graph: scope along the paths, direct from node 0, edges between nodes', async () => {
    const result = await run('v1-graph.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:conan/libcurl@7.86.0', 'prod', true],
      ['pkg:conan/openssl@1.1.1s', 'prod', false],
      ['pkg:conan/zlib@1.2.13', 'prod', true],
      ['pkg:conan/cmake@3.25.1', 'dev', true],
      ['pkg:conan/openssl@3.0.7', 'dev', false],
      ['pkg:conan/pyhelpers@0.1', 'dev', false],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:conan/libcurl@7.86.0', to: 'pkg:conan/pyhelpers@0.1' },
      { from: 'pkg:conan/libcurl@7.86.0', to: 'pkg:conan/openssl@1.1.1s' },
      { from: 'pkg:conan/libcurl@7.86.0', to: 'pkg:conan/zlib@1.2.13' },
      { from: 'pkg:conan/openssl@1.1.1s', to: 'pkg:conan/zlib@1.2.13' },
      { from: 'pkg:conan/cmake@3.25.1', to: 'pkg:conan/openssl@3.0.7' },
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNSUPPORTED_SOURCE']);
  });

  it('reads an old Conan 1 lockfile: prefs, requires by name, a reference as consumer', async () => {
    const result = await run('v1-reference-root.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:conan/boost@1.71.0', 'prod', true],
      ['pkg:conan/bzip2@1.0.8', 'prod', false],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:conan/myapp@2.1.0', to: 'pkg:conan/boost@1.71.0' },
      { from: 'pkg:conan/boost@1.71.0', to: 'pkg:conan/bzip2@1.0.8' },
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_INVALID_PACKAGE',
      'ERR_OSPO_UNSUPPORTED_SOURCE',
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
    ]);
  });

  it.each([
    ['not-json.lock', 'ERR_OSPO_PARSE', 5],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(conanLock, 'conan.lock', [...files.values()]);
  });
});
