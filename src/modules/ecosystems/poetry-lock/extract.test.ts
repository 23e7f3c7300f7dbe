import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { parseRequirement } from '../../../core/pep508.js';
import { poetryLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
/** Run on `<scenario>.lock`, with `<scenario>.pyproject.toml` beside it when `withManifest`. */
const run = (scenario: string, withManifest = true) => {
  const manifest = files.get(`${scenario}.pyproject.toml`);
  const others: Record<string, string> = withManifest && manifest ? { 'app/pyproject.toml': manifest } : {};
  return extractText(poetryLock, 'app/poetry.lock', text(`${scenario}.lock`), others);
};

describe('poetry-lock', () => {
  it('matches poetry.lock anywhere, and nothing else', () => {
    expect(poetryLock.matches('poetry.lock')).toBe(true);
    expect(poetryLock.matches('services/api/poetry.lock')).toBe(true);
    expect(poetryLock.matches('pyproject.toml')).toBe(false);
    expect(poetryLock.matches('my-poetry.lock')).toBe(false);
  });

  it('reads lock 1.1 categories, optional extras, git and directory sources', async () => {
    const result = await run('lock-1.1-category');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/certifi@2021.10.8', 'prod', false],
      ['pkg:pypi/charset-normalizer@2.0.12', 'prod', false],
      ['pkg:pypi/colorama@0.4.4', 'dev', false],
      ['pkg:pypi/idna@3.3', 'prod', false],
      ['pkg:pypi/pysocks@1.7.1', 'optional', true],
      ['pkg:pypi/pytest@7.1.1', 'dev', true],
      ['pkg:pypi/requests@2.27.1', 'prod', true],
      ['pkg:pypi/toolz-fork@0.12.0', 'prod', true],
      ['pkg:pypi/urllib3@1.26.9', 'prod', false],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:pypi/demo-app@1.2.0', to: 'pkg:pypi/requests@2.27.1' },
        { from: 'pkg:pypi/demo-app@1.2.0', to: 'pkg:pypi/mylib@0.3.0' },
        { from: 'pkg:pypi/mylib@0.3.0', to: 'pkg:pypi/idna@3.3' },
        { from: 'pkg:pypi/requests@2.27.1', to: 'pkg:pypi/pysocks@1.7.1' },
        { from: 'pkg:pypi/pytest@7.1.1', to: 'pkg:pypi/colorama@0.4.4' },
      ]),
    );
    expect(result?.edges).toHaveLength(12);
    expect(result?.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'mylib'],
      ['ERR_OSPO_UNRESOLVED_DEPENDENCY', 'pytest'], // iniconfig; the missing ones under markers are normal
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'toolz-fork'],
    ]);
  });

  it('infers lock 2.0 scopes from what pyproject.toml declares, groups and extras included', async () => {
    const result = await run('lock-2.0-no-category');
    expect(result?.packages.map((p) => [p.name, p.version, p.scope, p.direct])).toEqual([
      ['click', '8.1.7', 'prod', true],
      ['colorama', '0.4.6', 'prod', false],
      ['iniconfig', '2.0.0', 'dev', false],
      ['markdown-it-py', '3.0.0', 'optional', true],
      ['mdurl', '0.1.2', 'optional', false],
      ['packaging', '24.1', 'dev', true],
      ['pluggy', '1.5.0', 'dev', false],
      ['pytest', '8.3.2', 'dev', true],
    ]);
    expect(result?.edges).toContainEqual({ from: 'pkg:pypi/clitool@0.4.0', to: 'pkg:pypi/click@8.1.7' });
    expect(result?.edges).toContainEqual({ from: 'pkg:pypi/pytest@8.3.2', to: 'pkg:pypi/pluggy@1.5.0' });
    expect(result?.warnings).toEqual([]);
  });

  it('without pyproject.toml: direct unknown, lock 2.0 scopes unknown but for optional packages', async () => {
    const result = await run('lock-2.0-no-category', false);
    expect(result?.packages.every((p) => p.direct === null)).toBe(true);
    expect(result?.packages.map((p) => p.scope)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'optional',
      'optional',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(result?.edges.some((e) => e.from.startsWith('pkg:pypi/clitool'))).toBe(false);
  });

  it('reads Poetry 2 groups and a PEP 621 pyproject.toml', async () => {
    const result = await run('lock-2.1-groups');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/anyio@4.9.0', 'prod', true],
      ['pkg:pypi/idna@3.10', 'prod', false],
      ['pkg:pypi/pytest@8.3.5', 'dev', false],
      ['pkg:pypi/pytest-asyncio@0.26.0', 'dev', true],
      ['pkg:pypi/ruamel-yaml@0.18.10', 'optional', true],
      ['pkg:pypi/sniffio@1.3.1', 'prod', false],
      ['pkg:pypi/typing-extensions@4.13.2', 'prod', true],
    ]);
    expect(result?.edges).toContainEqual({
      from: 'pkg:pypi/anyio@4.9.0',
      to: 'pkg:pypi/typing-extensions@4.13.2',
    });
    expect(result?.edges).toContainEqual({
      from: 'pkg:pypi/async-service@2.0.1',
      to: 'pkg:pypi/ruamel-yaml@0.18.10',
    });
    expect(result?.warnings).toEqual([]);
  });

  it('warns about a broken pyproject.toml and reads the lock without it', async () => {
    const result = await extractText(poetryLock, 'poetry.lock', text('lock-2.1-groups.lock'), {
      'pyproject.toml': text('broken.pyproject.toml'),
    });
    expect(result?.packages).toHaveLength(7);
    expect(result?.packages.every((p) => p.direct === null)).toBe(true);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([['ERR_OSPO_PARSE', 1]]);
  });

  it.each([
    ['not-toml.lock', 'ERR_OSPO_PARSE', 6],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await extractText(poetryLock, 'poetry.lock', text(name)).catch(
      (e: unknown) => e,
    )) as OspoError & {
      line?: number;
    };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it.each([
    ['requests', { name: 'requests', extras: [], specifier: '', url: null, marker: null }],
    [
      'ruamel.yaml[jinja2] (>=0.18,<0.19)',
      { name: 'ruamel.yaml', extras: ['jinja2'], specifier: '>=0.18,<0.19' },
    ],
    [
      'typing_extensions>=4.5; python_version < "3.13"',
      { name: 'typing_extensions', marker: 'python_version < "3.13"' },
    ],
    [
      'requests [ security , socks ] >= 2.8.1, == 2.8.*',
      { extras: ['security', 'socks'], specifier: '>=2.8.1,==2.8.*' },
    ],
    [
      'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; python_version >= "3"',
      { url: 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee', marker: 'python_version >= "3"' },
    ],
    ['zope.interface~=6.1', { name: 'zope.interface', specifier: '~=6.1' }],
    [
      '-e git+https://github.com/org/tool.git#egg=my_tool',
      { name: 'my_tool', url: 'git+https://github.com/org/tool.git#egg=my_tool' },
    ],
  ])('parses the requirement %s', (input, expected) => {
    expect(parseRequirement(input)).toMatchObject(expected);
  });

  it.each(['', '>=1.0', 'foo bar', 'foo[bar', 'foo (>=1', 'foo @', '-e .', 'foo >= 1 2'])(
    'refuses %j as a requirement',
    (input) => {
      expect(parseRequirement(input)).toBeNull();
    },
  );

  it('never crashes on arbitrary or mutated input', async () => {
    const locks = [...files].filter(([name]) => name.endsWith('.lock')).map(([, content]) => content);
    await fuzzExtractor(poetryLock, 'poetry.lock', locks);
  });
});
