import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { pubspecLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(pubspecLock, 'app/pubspec.lock', files.get(name) ?? '');
const row = (p: { purl: string; version: string | null; scope: string; direct: boolean | null }) => [
  p.purl,
  p.version,
  p.scope,
  p.direct,
];

describe('pubspec-lock', () => {
  it.each([
    ['pubspec.lock', true],
    ['apps/mobile/pubspec.lock', true],
    ['pubspec.yaml', false],
    ['old-pubspec.lock', false],
  ])('matches %s: %s', (file, expected) => {
    expect(pubspecLock.matches(file)).toBe(expected);
  });

  it('reads a Flutter app: hosted and git packages, SDK and path ones left out', async () => {
    const result = await run('flutter-app.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:pub/async@2.11.0', '2.11.0', 'unknown', false],
      ['pkg:pub/collection@1.18.0', '1.18.0', 'prod', true],
      ['pkg:pub/flutter_lints@3.0.2', '3.0.2', 'dev', true],
      ['pkg:pub/http@1.2.1', '1.2.1', 'prod', true],
      ['pkg:pub/http_parser@4.0.2', '4.0.2', 'unknown', false],
      ['pkg:pub/lints@3.0.0', '3.0.0', 'unknown', false],
      ['pkg:pub/markdown_editor@2.1.0', '2.1.0', 'prod', true],
    ]);
    expect(result?.packages.every((p) => p.ecosystem === 'Pub' && p.licenses.length === 0)).toBe(true);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads a Dart 2 lock without checksums', async () => {
    const result = await run('dart2-legacy.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:pub/args@2.3.1', '2.3.1', 'prod', true],
      ['pkg:pub/path@1.8.2', '1.8.2', 'unknown', false],
      ['pkg:pub/test@1.21.4', '1.21.4', 'dev', true],
    ]);
  });

  it('reads a lock without dependencies', async () => {
    expect(await run('empty.lock')).toEqual({ packages: [], edges: [], warnings: [] });
  });

  it.each([
    ['not-yaml.lock', 'ERR_OSPO_PARSE', 4],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
    ['dangling-alias.lock', 'ERR_OSPO_PARSE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pubspecLock, 'pubspec.lock', [...files.values()]);
  });
});
