import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { pipfileLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const run = (name: string, others: Record<string, string> = {}) =>
  extractText(pipfileLock, 'app/Pipfile.lock', text(name), others);

describe('pipfile-lock', () => {
  it('matches Pipfile.lock anywhere, and nothing else', () => {
    expect(pipfileLock.matches('Pipfile.lock')).toBe(true);
    expect(pipfileLock.matches('services/api/Pipfile.lock')).toBe(true);
    expect(pipfileLock.matches('Pipfile')).toBe(false);
    expect(pipfileLock.matches('MyPipfile.lock')).toBe(false);
  });

  it('reads default as prod and develop as dev; direct from the sibling Pipfile', async () => {
    const result = await run('spec6.lock', { 'app/Pipfile': text('spec6.Pipfile') });
    expect(result?.packages.map((p) => [p.purl, p.version, p.scope, p.direct])).toEqual([
      ['pkg:pypi/asgiref@3.7.2', '3.7.2', 'prod', false],
      ['pkg:pypi/django@4.2.7', '4.2.7', 'prod', true],
      ['pkg:pypi/sqlparse@0.4.4', '0.4.4', 'prod', false],
      ['pkg:pypi/typing-extensions@4.8.0', '4.8.0', 'prod', false],
      ['pkg:pypi/iniconfig@2.0.0', '2.0.0', 'dev', false],
      ['pkg:pypi/pytest@7.4.3', '7.4.3', 'dev', true],
      ['pkg:pypi/pytest-django@4.7.0', '4.7.0', 'dev', true],
    ]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it('leaves direct unknown without a Pipfile', async () => {
    const result = await run('spec6.lock');
    expect(result?.packages).toHaveLength(7);
    expect(result?.packages.every((p) => p.direct === null && p.licenses.length === 0)).toBe(true);
  });

  it('warns about a broken Pipfile and reads the lock without it', async () => {
    const result = await run('spec6.lock', { 'app/Pipfile': text('broken.Pipfile') });
    expect(result?.packages.every((p) => p.direct === null)).toBe(true);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([['ERR_OSPO_PARSE', 4]]);
  });

  it('warns about git, path and file entries; the project itself is no package; custom categories', async () => {
    const result = await run('sources-and-categories.lock');
    expect(result?.packages.map((p) => [p.purl, p.version, p.scope])).toEqual([
      ['pkg:pypi/flask', null, 'prod'],
      ['pkg:pypi/shared-lib', null, 'prod'],
      ['pkg:pypi/attrs', null, 'prod'],
      ['pkg:pypi/werkzeug@3.0.1', '3.0.1', 'prod'],
      ['pkg:pypi/sphinx@7.2.6', '7.2.6', 'optional'],
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual(Array(4).fill('ERR_OSPO_UNPINNED_SOURCE'));
    expect(result?.warnings.map((w) => w.message.split(' ')[0])).toEqual([
      'flask',
      'shared-lib',
      'webapp',
      'attrs',
    ]);
  });

  it.each([
    ['not-json.lock', 'ERR_OSPO_PARSE', 4],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pipfileLock, 'Pipfile.lock', [...files.values()]);
  });
});
