import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { treePath } from './extract.js';
import { bunLock } from './index.js';
import { stripJsonc } from './jsonc.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(bunLock, 'bun.lock', files.get(name) ?? '');
const row = (p: { purl: string; scope: string; direct: boolean | null }) => [p.purl, p.scope, p.direct];

describe('bun-lock', () => {
  it.each([
    ['bun.lock', true],
    ['apps/web/bun.lock', true],
    ['bun.lockb', false],
    ['apps/web/bun.lockb', false],
    ['notbun.lock', false],
  ])('matches %s: %s', (file, expected) => {
    expect(bunLock.matches(file)).toBe(expected);
  });

  it('reads workspaces: scopes from declarations, aliases, nested copies, local entries left out', async () => {
    const result = await run('workspaces.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40types/prop-types@15.7.12', 'dev', false],
      ['pkg:npm/%40types/react@18.2.79', 'dev', true],
      ['pkg:npm/clsx@2.1.0', 'prod', true],
      ['pkg:npm/csstype@3.1.3', 'dev', false],
      ['pkg:npm/fsevents@2.3.3', 'optional', true],
      ['pkg:npm/js-tokens@4.0.0', 'prod', false],
      ['pkg:npm/left-pad', 'prod', true],
      ['pkg:npm/loose-envify@1.4.0', 'prod', false],
      ['pkg:npm/ms@2.1.3', 'prod', false],
      ['pkg:npm/ms@2.0.0', 'prod', true],
      ['pkg:npm/react@18.2.0', 'prod', true],
      ['pkg:npm/typescript@5.0.2', 'dev', true],
      ['pkg:npm/clsx@1.2.1', 'prod', true],
    ]);
    expect(result?.packages.find((p) => p.name === 'left-pad')?.version).toBeNull();
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/web-shop', to: 'pkg:npm/%40acme/ui@0.4.0' },
        { from: 'pkg:npm/web-shop', to: 'pkg:npm/ms@2.0.0' },
        { from: 'pkg:npm/%40acme/ui@0.4.0', to: 'pkg:npm/clsx@1.2.1' },
        { from: 'pkg:npm/%40acme/ui@0.4.0', to: 'pkg:npm/react@18.2.0' },
        { from: 'pkg:npm/shared-config', to: 'pkg:npm/ms@2.1.3' },
        { from: 'pkg:npm/react@18.2.0', to: 'pkg:npm/loose-envify@1.4.0' },
        { from: 'pkg:npm/%40types/react@18.2.79', to: 'pkg:npm/csstype@3.1.3' },
      ]),
    );
    expect(result?.edges).toHaveLength(17);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v0: workspace entries with their own dependencies, github versions unknown', async () => {
    const result = await run('v0-github.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/debug@4.3.7', 'prod', true],
      ['pkg:npm/ms@2.1.3', 'prod', false],
      ['pkg:npm/uwebsockets.js', 'prod', true], // purls of npm names are lower case,
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/server@1.0.0', to: 'pkg:npm/debug@4.3.7' },
      { from: 'pkg:npm/debug@4.3.7', to: 'pkg:npm/ms@2.1.3' },
    ]);
  });

  it('reads JSONC: comments and trailing commas, URLs in strings untouched', async () => {
    const result = await run('comments.lock');
    expect(result?.packages.map(row)).toEqual([['pkg:npm/hono@4.6.3', 'prod', true]]);
    expect(result?.edges).toEqual([{ from: 'pkg:npm/edge-worker', to: 'pkg:npm/hono@4.6.3' }]);
  });

  it.each([
    ['{"a": [1, 2,],}', '{"a": [1, 2 ] }'],
    ['{"a": "x // y, }" // c\n}', '{"a": "x // y, }"     \n}'],
    ['{"a": 1, /* b,\n c */ }', '{"a": 1       \n      }'],
    ['{"a": "\\"",}', '{"a": "\\"" }'],
  ])('strips %j', (input, expected) => {
    expect(stripJsonc(input)).toBe(expected);
  });

  it.each([
    ['react', ['react']],
    ['@babel/core/semver', ['@babel/core', 'semver']],
    ['html-encoding-sniffer/@exodus/bytes', ['html-encoding-sniffer', '@exodus/bytes']],
  ])('splits the key %s', (key, steps) => {
    expect(treePath(key)).toEqual(steps);
  });

  it('warns about a newer lockfileVersion and an unlocked dependency', async () => {
    const text = '{"lockfileVersion": 2, "workspaces": {"": {"name": "x", "dependencies": {"gone": "^1"}}}}';
    const result = await extractText(bunLock, 'bun.lock', text);
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_UNSUPPORTED_VERSION',
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
    ]);
  });

  it.each([
    ['merge-conflict.lock', 'ERR_OSPO_PARSE', 12],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(bunLock, 'bun.lock', [...files.values()]);
  });
});
