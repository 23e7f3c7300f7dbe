import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { uvLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(uvLock, 'uv.lock', files.get(name) ?? '');

describe('uv-lock', () => {
  it('matches uv.lock anywhere, and nothing else', () => {
    expect(uvLock.matches('uv.lock')).toBe(true);
    expect(uvLock.matches('services/api/uv.lock')).toBe(true);
    expect(uvLock.matches('script.py.lock')).toBe(false);
    expect(uvLock.matches('myuv.lock')).toBe(false);
  });

  it('takes scopes from the project: deps prod, extras optional, dev groups dev, extras of deps only when asked', async () => {
    const result = await run('project-extras-dev.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/certifi@2025.1.31', 'prod', false],
      ['pkg:pypi/colorama@0.4.6', 'prod', true],
      ['pkg:pypi/h2@4.2.0', 'prod', false], // httpx[http2] from the project
      ['pkg:pypi/httpcore@1.0.7', 'prod', false],
      ['pkg:pypi/httpx@0.28.1', 'prod', true],
      ['pkg:pypi/idna@3.10', 'prod', false],
      ['pkg:pypi/iniconfig@2.0.0', 'dev', false],
      ['pkg:pypi/pygments@2.19.1', 'optional', false],
      ['pkg:pypi/pytest@8.3.5', 'dev', true],
      ['pkg:pypi/rich@13.9.4', 'optional', true],
      ['pkg:pypi/socksio@1.0.0', 'dev', false], // httpx[socks] only from the dev group
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:pypi/webapi@0.1.0', to: 'pkg:pypi/httpx@0.28.1' },
        { from: 'pkg:pypi/webapi@0.1.0', to: 'pkg:pypi/rich@13.9.4' },
        { from: 'pkg:pypi/webapi@0.1.0', to: 'pkg:pypi/pytest@8.3.5' },
        { from: 'pkg:pypi/httpx@0.28.1', to: 'pkg:pypi/h2@4.2.0' },
        { from: 'pkg:pypi/httpx@0.28.1', to: 'pkg:pypi/socksio@1.0.0' },
        { from: 'pkg:pypi/pytest@8.3.5', to: 'pkg:pypi/colorama@0.4.6' },
      ]),
    );
    expect(result?.edges).toHaveLength(13);
    expect(result?.warnings).toEqual([]);
  });

  it('reads a workspace: members and path packages are roots, forked versions both kept, git and url kept', async () => {
    const result = await run('workspace-forks.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/fastjson@1.0.0', 'prod', true],
      ['pkg:pypi/humanize@4.9.0', 'prod', true],
      ['pkg:pypi/numpy@2.2.6', 'prod', true],
      ['pkg:pypi/numpy@2.3.1', 'prod', true],
      ['pkg:pypi/ruff@0.9.10', 'dev', true],
      ['pkg:pypi/six@1.17.0', 'prod', true], // a dependency of the local wheel `vendored`
      ['pkg:pypi/tomli@2.2.1', 'prod', true],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:pypi/app@0.3.0', to: 'pkg:pypi/humanize@4.9.0' },
      { from: 'pkg:pypi/app@0.3.0', to: 'pkg:pypi/lib@0.1.0' },
      { from: 'pkg:pypi/app@0.3.0', to: 'pkg:pypi/numpy@2.2.6' },
      { from: 'pkg:pypi/app@0.3.0', to: 'pkg:pypi/numpy@2.3.1' },
      { from: 'pkg:pypi/app@0.3.0', to: 'pkg:pypi/vendored@2.0.0' },
      { from: 'pkg:pypi/lib@0.1.0', to: 'pkg:pypi/fastjson@1.0.0' },
      { from: 'pkg:pypi/lib@0.1.0', to: 'pkg:pypi/tomli@2.2.1' },
      { from: 'pkg:pypi/monorepo', to: 'pkg:pypi/ruff@0.9.10' },
      { from: 'pkg:pypi/vendored@2.0.0', to: 'pkg:pypi/six@1.17.0' },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('warns about a dependency that is not locked, and has no direct flags without a root', async () => {
    const lock = [
      'version = 1',
      '[[package]]',
      'name = "Requests"',
      'version = "2.32.3"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [{ name = "certifi" }]',
    ].join('\n');
    const result = await extractText(uvLock, 'uv.lock', lock);
    expect(result?.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'requests',
        version: '2.32.3',
        purl: 'pkg:pypi/requests@2.32.3',
        scope: 'unknown',
        direct: null,
        licenses: [],
      },
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNRESOLVED_DEPENDENCY']);
  });

  it('warns about a lock version newer than it knows', async () => {
    const result = await extractText(uvLock, 'uv.lock', 'version = 2\n');
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNSUPPORTED_VERSION']);
  });

  it.each([
    ['not-toml.lock', 'ERR_OSPO_PARSE', 11],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(uvLock, 'uv.lock', [...files.values()]);
  });
});
