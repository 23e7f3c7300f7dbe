import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { pnpmLock } from './index.js';
import { parseKey } from './parse.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, others: Record<string, string> = {}) =>
  extractText(pnpmLock, 'pnpm-lock.yaml', files.get(name) ?? '', others);
const row = (p: { purl: string; scope: string; direct: boolean | null }) => [p.purl, p.scope, p.direct];
const manifest = (name: string, version?: string) => JSON.stringify({ name, version });

describe('pnpm-lock', () => {
  it.each([
    ['pnpm-lock.yaml', true],
    ['apps/web/pnpm-lock.yaml', true],
    ['pnpm-lock.yml', false],
    ['pnpm-workspace.yaml', false],
    ['old-pnpm-lock.yaml', false],
  ])('matches %s: %s', (file, expected) => {
    expect(pnpmLock.matches(file)).toBe(expected);
  });

  it.each([
    ['/lodash/4.17.21', 5, { name: 'lodash', version: '4.17.21', local: false }],
    [
      '/@babel/core/7.20.0_eslint@8.0.0+react@18.2.0',
      5,
      { name: '@babel/core', version: '7.20.0', local: false },
    ],
    ['/react-dom@18.2.0(react@18.2.0)', 6, { name: 'react-dom', version: '18.2.0', local: false }],
    ['/@types/react@18.2.21', 6, { name: '@types/react', version: '18.2.21', local: false }],
    ['@scope/x@1.0.0(patch_hash=abc)(y@2.0.0)', 9, { name: '@scope/x', version: '1.0.0', local: false }],
    ['tools@file:tools', 9, { name: 'tools', version: 'file:tools', local: true }],
    ['github.com/user/repo/abc123', 6, { name: null, version: null, local: false }],
  ])('parses the key %s (v%i)', (key, major, expected) => {
    expect(parseKey(key, major)).toEqual(expected);
  });

  it('reads v5: root dependencies, peer suffixes stripped, dev/optional flags as scopes', async () => {
    const result = await run('v5-single.yaml', { 'package.json': manifest('dashboard', '3.1.0') });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40babel/code-frame@7.18.6', 'dev', true],
      ['pkg:npm/%40babel/helper-validator-identifier@7.19.1', 'dev', false],
      ['pkg:npm/%40babel/highlight@7.18.6', 'dev', false],
      ['pkg:npm/fsevents@2.3.2', 'optional', true],
      ['pkg:npm/js-tokens@4.0.0', 'prod', false],
      ['pkg:npm/loose-envify@1.4.0', 'prod', false],
      ['pkg:npm/react-dom@18.2.0', 'prod', true],
      ['pkg:npm/react@18.2.0', 'prod', true],
      ['pkg:npm/scheduler@0.23.0', 'prod', false],
      ['pkg:npm/typescript@4.9.5', 'dev', true],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/dashboard@3.1.0', to: 'pkg:npm/react-dom@18.2.0' },
        { from: 'pkg:npm/dashboard@3.1.0', to: 'pkg:npm/fsevents@2.3.2' },
        { from: 'pkg:npm/react-dom@18.2.0', to: 'pkg:npm/react@18.2.0' },
        { from: 'pkg:npm/%40babel/highlight@7.18.6', to: 'pkg:npm/js-tokens@4.0.0' },
      ]),
    );
    expect(result?.edges).toHaveLength(14);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v6 importers: workspace links, file: folders and git packages', async () => {
    const result = await run('v6-workspace.yaml', {
      'package.json': manifest('acme-monorepo'),
      'packages/app/package.json': manifest('@acme/app', '1.0.0'),
      'packages/ui/package.json': manifest('@acme/ui', '0.2.0'),
    });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40types/react@18.2.21', 'dev', true],
      ['pkg:npm/csstype@3.1.2', 'dev', false],
      ['pkg:npm/js-tokens@4.0.0', 'prod', false],
      ['pkg:npm/loose-envify@1.4.0', 'prod', false],
      ['pkg:npm/ms@2.1.3', 'prod', false],
      ['pkg:npm/prettier@3.0.3', 'dev', true],
      ['pkg:npm/react-dom@18.2.0', 'prod', true],
      ['pkg:npm/react@18.2.0', 'prod', true],
      ['pkg:npm/scheduler@0.23.0', 'prod', false],
      ['pkg:npm/left-pad@1.3.0', 'prod', true],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/acme-monorepo', to: 'pkg:npm/prettier@3.0.3' },
        { from: 'pkg:npm/%40acme/app@1.0.0', to: 'pkg:npm/%40acme/ui@0.2.0' },
        { from: 'pkg:npm/%40acme/app@1.0.0', to: 'pkg:npm/left-pad@1.3.0' },
        { from: 'pkg:npm/%40acme/app@1.0.0', to: 'pkg:npm/local-config' },
        { from: 'pkg:npm/local-config', to: 'pkg:npm/ms@2.1.3' },
        { from: 'pkg:npm/%40acme/ui@0.2.0', to: 'pkg:npm/react@18.2.0' },
      ]),
    );
    expect(result?.edges).toHaveLength(15);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v9: snapshots, scopes propagated from every importer, aliases, git tarballs', async () => {
    const result = await run('v9-workspace.yaml', {
      'package.json': manifest('acme', '1.0.0'),
      'packages/cli/package.json': manifest('@acme/cli', '0.1.0'),
      'packages/core/package.json': manifest('@acme/core', '0.1.0'),
    });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/chalk@5.3.0', 'prod', true],
      ['pkg:npm/debug@4.3.4', 'prod', true],
      ['pkg:npm/fsevents@2.3.3', 'optional', true],
      ['pkg:npm/has-flag@4.0.0', 'prod', false],
      ['pkg:npm/left-pad@1.3.0', 'prod', true],
      ['pkg:npm/ms@2.1.2', 'prod', false],
      ['pkg:npm/ms@2.1.3', 'prod', true],
      ['pkg:npm/supports-color@8.1.1', 'prod', true],
      ['pkg:npm/typescript@5.4.5', 'dev', true],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/acme@1.0.0', to: 'pkg:npm/ms@2.1.3' },
        { from: 'pkg:npm/acme@1.0.0', to: 'pkg:npm/tools' },
        { from: 'pkg:npm/tools', to: 'pkg:npm/chalk@5.3.0' },
        { from: 'pkg:npm/%40acme/cli@0.1.0', to: 'pkg:npm/%40acme/core@0.1.0' },
        { from: 'pkg:npm/%40acme/core@0.1.0', to: 'pkg:npm/typescript@5.4.5' },
        { from: 'pkg:npm/debug@4.3.4', to: 'pkg:npm/supports-color@8.1.1' },
      ]),
    );
    expect(result?.edges).toHaveLength(13);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v9 without any package.json: same packages, no importer edges', async () => {
    const result = await run('v9-workspace.yaml');
    expect(result?.packages).toHaveLength(9);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/debug@4.3.4', to: 'pkg:npm/ms@2.1.2' },
      { from: 'pkg:npm/debug@4.3.4', to: 'pkg:npm/supports-color@8.1.1' },
      { from: 'pkg:npm/supports-color@8.1.1', to: 'pkg:npm/has-flag@4.0.0' },
      { from: 'pkg:npm/tools', to: 'pkg:npm/chalk@5.3.0' },
    ]);
  });

  it('warns about a dependency that is not locked', async () => {
    const text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms:\n        specifier: ^2\n        version: 2.1.3\n";
    const result = await extractText(pnpmLock, 'pnpm-lock.yaml', text);
    expect(result?.packages).toEqual([]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNRESOLVED_DEPENDENCY']);
  });

  it('warns about a lockfileVersion newer than it knows, and reads it as 9', async () => {
    const text = (files.get('v9-workspace.yaml') ?? '').replace(
      "lockfileVersion: '9.0'",
      "lockfileVersion: '10.0'",
    );
    const result = await extractText(pnpmLock, 'pnpm-lock.yaml', text);
    expect(result?.packages).toHaveLength(9);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNSUPPORTED_VERSION']);
  });

  it.each([
    ['merge-conflict.yaml', 'ERR_OSPO_PARSE', 13],
    ['wrong-shape.yaml', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pnpmLock, 'pnpm-lock.yaml', [...files.values()]);
  });
});
