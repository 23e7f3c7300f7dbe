import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { pylockToml } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(pylockToml, 'pylock.toml', files.get(name) ?? '');

describe('pylock-toml', () => {
  it.each([
    ['pylock.toml', true],
    ['services/api/pylock.toml', true],
    ['pylock.dev.toml', true],
    ['pylock.a.b.toml', false],
    ['mypylock.toml', false],
    ['pylock.toml.bak', false],
  ])('matches %s: %s', (file, expected) => {
    expect(pylockToml.matches(file)).toBe(expected);
  });

  it('reads a uv export: index, VCS and archive packages; the project directory left out', async () => {
    const result = await run('uv-export.toml');
    expect(result?.packages.map((p) => [p.purl, p.version, p.scope, p.direct])).toEqual([
      ['pkg:pypi/certifi@2025.1.31', '2025.1.31', 'unknown', null],
      ['pkg:pypi/colorama@0.4.6', '0.4.6', 'unknown', null],
      ['pkg:pypi/httpx-extras', null, 'unknown', null],
      ['pkg:pypi/internal-tool@0.3.0', '0.3.0', 'unknown', null],
    ]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['ERR_OSPO_UNPINNED_SOURCE', 'httpx-extras'],
      ['ERR_OSPO_UNPINNED_SOURCE', 'internal-tool'],
      ['ERR_OSPO_UNPINNED_SOURCE', 'webapp'],
    ]);
  });

  it('resolves dependencies by name, by name and version, and to every marker-split entry', async () => {
    const result = await run('with-dependencies.toml');
    expect(result?.packages.map((p) => p.purl)).toEqual([
      'pkg:pypi/requests@2.32.3',
      'pkg:pypi/urllib3@2.3.0',
      'pkg:pypi/urllib3@1.26.20',
      'pkg:pypi/numpy@2.0.2',
      'pkg:pypi/numpy@2.2.4',
      'pkg:pypi/pytest@8.3.5',
    ]);
    const app = 'pkg:pypi/webapp@1.2.0';
    expect(result?.edges).toEqual([
      { from: app, to: 'pkg:pypi/requests@2.32.3' },
      { from: app, to: 'pkg:pypi/numpy@2.0.2' },
      { from: app, to: 'pkg:pypi/numpy@2.2.4' },
      { from: app, to: 'pkg:pypi/pytest@8.3.5' },
      { from: 'pkg:pypi/requests@2.32.3', to: 'pkg:pypi/urllib3@2.3.0' },
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_UNPINNED_SOURCE',
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
    ]);
    expect(result?.warnings[1]?.message).toContain('idna');
  });

  it('warns about an unknown lock-version and reads the file as 1.0', async () => {
    const result = await run('future-lock-version.toml');
    expect(result?.packages.map((p) => p.purl)).toEqual(['pkg:pypi/six@1.17.0']);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNSUPPORTED_VERSION']);
  });

  it.each([
    ['not-toml.toml', 'ERR_OSPO_PARSE', 6],
    ['wrong-shape.toml', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pylockToml, 'pylock.toml', [...files.values()]);
  });
});
