import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { parseRequirement } from '../../../core/pep508.js';
import { pdmLock } from './index.js';

/** PDM's own placeholder for the project folder, written literally into requirements. */
const ROOT = ['$', '{PROJECT_ROOT}'].join('');
const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
/** Run on `<scenario>.lock`, with `<scenario>.pyproject.toml` beside it when `withManifest`. */
const run = (scenario: string, withManifest = true) => {
  const manifest = files.get(`${scenario}.pyproject.toml`);
  const others: Record<string, string> = withManifest && manifest ? { 'web/pyproject.toml': manifest } : {};
  return extractText(pdmLock, 'web/pdm.lock', text(`${scenario}.lock`), others);
};

describe('pdm-lock', () => {
  it('matches pdm.lock anywhere, and nothing else', () => {
    expect(pdmLock.matches('pdm.lock')).toBe(true);
    expect(pdmLock.matches('apps/web/pdm.lock')).toBe(true);
    expect(pdmLock.matches('pdm.toml')).toBe(false);
    expect(pdmLock.matches('not-pdm.lock')).toBe(false);
  });

  it('reads lock 4.5 groups: default prod, extras optional, dev groups dev; merges extras entries', async () => {
    const result = await run('lock-4.5-groups');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/certifi@2024.8.30', 'prod', false],
      ['pkg:pypi/charset-normalizer@3.4.0', 'prod', false],
      ['pkg:pypi/colorama@0.4.6', 'dev', false],
      ['pkg:pypi/idna@3.10', 'prod', false],
      ['pkg:pypi/iniconfig@2.0.0', 'dev', false],
      ['pkg:pypi/markdown@3.7', 'dev', true],
      ['pkg:pypi/packaging@24.2', 'dev', false],
      ['pkg:pypi/pluggy@1.5.0', 'dev', false],
      ['pkg:pypi/pysocks@1.7.1', 'optional', false],
      ['pkg:pypi/pytest@8.3.3', 'dev', true],
      ['pkg:pypi/requests@2.32.3', 'prod', true],
      ['pkg:pypi/toolbelt@1.2.0', 'prod', true],
      ['pkg:pypi/urllib3@2.2.3', 'prod', false],
      ['pkg:pypi/zope-interface@7.1.1', 'prod', true],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:pypi/requests@2.32.3', to: 'pkg:pypi/pysocks@1.7.1' },
        { from: 'pkg:pypi/mylib@0.2.0', to: 'pkg:pypi/zope-interface@7.1.1' },
        { from: 'pkg:pypi/pytest@8.3.3', to: 'pkg:pypi/colorama@0.4.6' },
        { from: 'pkg:pypi/webapp@1.0.0', to: 'pkg:pypi/mylib@0.2.0' },
        { from: 'pkg:pypi/webapp@1.0.0', to: 'pkg:pypi/markdown@3.7' },
      ]),
    );
    expect(result?.edges.some((e) => e.from === e.to)).toBe(false);
    expect(result?.edges).toHaveLength(16);
    expect(result?.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'mylib'],
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'toolbelt'],
      ['ERR_OSPO_UNRESOLVED_DEPENDENCY', 'zope-interface'], // setuptools; the ones under markers are normal
    ]);
  });

  it('without pyproject.toml: default is still prod, other groups unknown, direct null', async () => {
    const result = await run('lock-4.5-groups', false);
    const scopes = Object.fromEntries(result?.packages.map((p) => [p.name, p.scope]) ?? []);
    expect(scopes).toMatchObject({ requests: 'prod', pysocks: 'unknown', pytest: 'unknown' });
    expect(result?.packages.every((p) => p.direct === null)).toBe(true);
  });

  it('infers scopes of a lock 4.0 without groups from pyproject.toml', async () => {
    const result = await run('lock-4.0-no-groups');
    expect(result?.packages.map((p) => [p.name, p.version, p.scope, p.direct])).toEqual([
      ['certifi', '2021.10.8', 'prod', false],
      ['cffi', '1.15.0', 'prod', false],
      ['cryptography', '36.0.1', 'prod', false],
      ['flake8', '4.0.1', 'dev', true],
      ['idna', '3.3', 'prod', false],
      ['mccabe', '0.6.1', 'dev', false],
      ['pycodestyle', '2.8.0', 'dev', false],
      ['pycparser', '2.21', 'prod', false],
      ['pyflakes', '2.4.0', 'dev', false],
      ['pyopenssl', '22.0.0', 'prod', false],
      ['requests', '2.27.1', 'prod', true],
      ['urllib3', '1.26.8', 'prod', false],
    ]);
    // a dynamic version: the project's purl has none
    expect(result?.edges).toContainEqual({ from: 'pkg:pypi/secure-client', to: 'pkg:pypi/requests@2.27.1' });
    expect(result?.warnings).toEqual([]);
  });

  it('without pyproject.toml, a lock without groups has unknown scopes', async () => {
    const result = await run('lock-4.0-no-groups', false);
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.direct === null)).toBe(true);
  });

  it.each([
    ['not-toml.lock', 'ERR_OSPO_PARSE', 12],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await extractText(pdmLock, 'pdm.lock', text(name)).catch(
      (e: unknown) => e,
    )) as OspoError & {
      line?: number;
    };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it.each([
    ['charset-normalizer<4,>=2', { name: 'charset-normalizer', specifier: '<4,>=2', marker: null }],
    ['idna<4,>=2.5; python_version >= "3"', { name: 'idna', marker: 'python_version >= "3"' }],
    [
      'requests[socks,security]>=2.32',
      { name: 'requests', extras: ['socks', 'security'], specifier: '>=2.32' },
    ],
    ['Markdown (>=3.7)', { name: 'Markdown', specifier: '>=3.7' }],
    [`mylib @ file:///${ROOT}/libs/mylib`, { name: 'mylib', url: `file:///${ROOT}/libs/mylib` }],
    [
      'backports.tarfile; python_version < "3.12"',
      { name: 'backports.tarfile', marker: 'python_version < "3.12"' },
    ],
    [`-e file:///${ROOT}/libs/mylib#egg=mylib`, { name: 'mylib' }],
    ['-e my_pkg[cli] @ ./pkgs/my_pkg', { name: 'my_pkg', extras: ['cli'], url: './pkgs/my_pkg' }],
  ])('parses the requirement %s', (input, expected) => {
    expect(parseRequirement(input)).toMatchObject(expected);
  });

  it.each(['', '; python_version < "3"', 'a b', 'x[y', 'x (>=1', 'x @ ', 'x @ url junk', '-e ./local'])(
    'refuses %j as a requirement',
    (input) => {
      expect(parseRequirement(input)).toBeNull();
    },
  );

  it('never crashes on arbitrary or mutated input', async () => {
    const locks = [...files].filter(([name]) => name.endsWith('.lock')).map(([, content]) => content);
    await fuzzExtractor(pdmLock, 'pdm.lock', locks);
  });
});
