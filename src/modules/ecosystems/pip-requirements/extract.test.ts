import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import { pipRequirements } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const run = (name: string, as = 'requirements.txt', others: Record<string, string> = {}) =>
  extractText(pipRequirements, as, text(name), others);

describe('pip-requirements', () => {
  it.each([
    ['requirements.txt', true],
    ['services/api/requirements-dev.txt', true],
    ['requirements_test.txt', true],
    ['test-requirements.txt', true],
    ['requirements/base.txt', true],
    ['requirements.in', false],
    ['docs/requirements/readme.md', false],
    ['my_requirements.txt', false],
    ['notes.txt', false],
  ])('matches %s: %s', (file, expected) => {
    expect(pipRequirements.matches(file)).toBe(expected);
  });

  it('reads a hand-written file: pins, extras, markers, hashes; ranges and wildcards unpinned', async () => {
    const result = await run('hand-written.txt');
    expect(result?.packages.map((p) => [p.purl, p.version])).toEqual([
      ['pkg:pypi/django@4.2.7', '4.2.7'],
      ['pkg:pypi/requests@2.31.0', '2.31.0'],
      ['pkg:pypi/celery', null],
      ['pkg:pypi/gunicorn', null],
      ['pkg:pypi/numpy', null],
      ['pkg:pypi/typing-extensions@4.8.0', '4.8.0'],
      ['pkg:pypi/importlib-metadata@6.8.0', '6.8.0'],
      ['pkg:pypi/pyyaml@6.0.1', '6.0.1'],
      ['pkg:pypi/zope-interface@6.1', '6.1'],
      ['pkg:pypi/torch@2.1.0+cpu', '2.1.0+cpu'],
    ]);
    expect(result?.packages.map((p) => p.name)).toContain('typing-extensions');
    expect(result?.packages.every((p) => p.scope === 'prod' && p.direct === true)).toBe(true);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it('warns about editable, URL, VCS and local requirements, keeping those with a known name', async () => {
    const result = await run('sources.txt');
    expect(result?.packages.map((p) => [p.purl, p.version])).toEqual([
      ['pkg:pypi/httpx', null],
      ['pkg:pypi/shared-lib', null],
      ['pkg:pypi/black', null],
      ['pkg:pypi/flask', null],
      ['pkg:pypi/attrs', null],
      ['pkg:pypi/urllib3@2.0.7', '2.0.7'],
    ]);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((line) => ['ERR_OSPO_UNPINNED_SOURCE', line]),
    );
  });

  it('reads pip-compile output: direct from "# via -r", edges from "# via <package>"', async () => {
    const result = await run('pip-compile-hashes.txt');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/certifi@2023.11.17', 'prod', false],
      ['pkg:pypi/charset-normalizer@3.3.2', 'prod', false],
      ['pkg:pypi/idna@3.6', 'prod', true],
      ['pkg:pypi/requests@2.31.0', 'prod', true],
      ['pkg:pypi/urllib3@2.1.0', 'prod', false],
    ]);
    const requests = 'pkg:pypi/requests@2.31.0';
    expect(result?.edges).toEqual([
      { from: requests, to: 'pkg:pypi/certifi@2023.11.17' },
      { from: requests, to: 'pkg:pypi/charset-normalizer@3.3.2' },
      { from: requests, to: 'pkg:pypi/idna@3.6' },
      { from: requests, to: 'pkg:pypi/urllib3@2.1.0' },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads uv pip compile output for a dev file, with inline and pyproject.toml annotations', async () => {
    const result = await run('uv-pyproject-dev.txt', 'requirements-dev.txt');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/iniconfig@2.0.0', 'dev', false],
      ['pkg:pypi/packaging@23.2', 'dev', false],
      ['pkg:pypi/pluggy@1.3.0', 'dev', false],
      ['pkg:pypi/pytest@7.4.3', 'dev', true],
      ['pkg:pypi/ruff@0.1.6', 'dev', true],
    ]);
    expect(result?.edges.map((e) => e.to)).toEqual([
      'pkg:pypi/iniconfig@2.0.0',
      'pkg:pypi/packaging@23.2',
      'pkg:pypi/pluggy@1.3.0',
    ]);
  });

  it('follows -r includes and -c constraints relative to the file; warns on missing files and cycles', async () => {
    const result = await run('with-includes.txt', 'app/requirements-test.txt', {
      'app/include-base.txt': text('include-base.txt'),
      'app/include-constraints.txt': text('include-constraints.txt'),
    });
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:pypi/django@4.2.7', 'dev', true],
      ['pkg:pypi/requests@2.31.0', 'dev', true],
      ['pkg:pypi/pytest-django@4.7.0', 'dev', true],
    ]);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([
      ['ERR_OSPO_INCLUDE_CYCLE', undefined],
      ['ERR_OSPO_UNRESOLVED_INCLUDE', 3],
    ]);
    expect(result?.warnings[0]?.message).toContain('app/include-base.txt:4');
  });

  it('reports invalid lines with their line numbers and reads the rest of the file', async () => {
    const result = await run('invalid-lines.txt');
    expect(result?.packages.map((p) => p.purl)).toEqual(['pkg:pypi/flask@3.0.0', 'pkg:pypi/click@8.1.7']);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual(
      [2, 3, 4, 5].map((line) => ['ERR_OSPO_INVALID_REQUIREMENT', line]),
    );
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pipRequirements, 'requirements.txt', [...files.values()]);
  });
});
