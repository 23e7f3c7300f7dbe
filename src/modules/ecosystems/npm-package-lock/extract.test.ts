import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { npmPackageLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, as = 'package-lock.json', others: Record<string, string> = {}) =>
  extractText(npmPackageLock, as, files.get(name) ?? '', others);
const row = (p: { purl: string; scope: string; direct: boolean | null }) => [p.purl, p.scope, p.direct];

const legacyManifest = JSON.stringify({
  name: 'legacy-app',
  version: '2.0.0',
  dependencies: {
    debug: '^2.6.9',
    ms: '^2.1.3',
    'lodash-es5': 'npm:lodash@^4.17.21',
    'left-pad': 'github:stevemao/left-pad',
  },
  devDependencies: { mkdirp: '^0.5.6' },
  optionalDependencies: { bufferutil: '^4.0.8' },
});

describe('npm-package-lock', () => {
  it.each([
    ['package-lock.json', true],
    ['apps/web/package-lock.json', true],
    ['npm-shrinkwrap.json', true],
    ['node_modules/.package-lock.json', true],
    ['apps/web/node_modules/.package-lock.json', true],
    ['node_modules/some-lib/package-lock.json', false],
    ['node_modules/some-lib/npm-shrinkwrap.json', false],
    ['node_modules/a/node_modules/.package-lock.json', false],
    ['.package-lock.json', false],
    ['package.json', false],
    ['my-package-lock.json', false],
  ])('matches %s: %s', (file, expected) => {
    expect(npmPackageLock.matches(file)).toBe(expected);
  });

  it('reads v3: scopes from flags, aliases by their real name, nested versions, licenses', async () => {
    const result = await run('v3-nested.json');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40types/estree@1.0.5', 'dev', false],
      ['pkg:npm/%40types/node@20.11.30', 'dev', true],
      ['pkg:npm/ansi-regex@6.0.1', 'prod', false],
      ['pkg:npm/bufferutil@4.0.8', 'optional', true],
      ['pkg:npm/eastasianwidth@0.2.0', 'prod', false],
      ['pkg:npm/emoji-regex@9.2.2', 'prod', false],
      ['pkg:npm/fsevents@2.3.3', 'dev', true],
      ['pkg:npm/is-fullwidth-code-point@3.0.0', 'prod', false],
      ['pkg:npm/js-tokens@4.0.0', 'peer', false],
      ['pkg:npm/loose-envify@1.4.0', 'peer', false],
      ['pkg:npm/node-gyp-build@4.8.0', 'optional', false],
      ['pkg:npm/react@18.2.0', 'peer', true],
      ['pkg:npm/rollup@4.13.0', 'dev', true],
      ['pkg:npm/string-width@5.1.2', 'prod', true],
      ['pkg:npm/string-width@4.2.3', 'prod', true],
      ['pkg:npm/ansi-regex@5.0.1', 'prod', false],
      ['pkg:npm/emoji-regex@8.0.0', 'prod', false],
      ['pkg:npm/strip-ansi@6.0.1', 'prod', false],
      ['pkg:npm/strip-ansi@7.1.0', 'prod', false],
      ['pkg:npm/undici-types@5.26.5', 'dev', false],
    ]);
    const alias = result?.packages.find((p) => p.version === '4.2.3');
    expect(alias).toMatchObject({ name: 'string-width', licenses: ['MIT'] });
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/shop-api@1.0.0', to: 'pkg:npm/string-width@4.2.3' },
        { from: 'pkg:npm/shop-api@1.0.0', to: 'pkg:npm/react@18.2.0' },
        { from: 'pkg:npm/string-width@4.2.3', to: 'pkg:npm/emoji-regex@8.0.0' },
        { from: 'pkg:npm/string-width@5.1.2', to: 'pkg:npm/emoji-regex@9.2.2' },
        // strip-ansi 6 has no node_modules of its own: Node finds ansi-regex 5 one folder up.
        { from: 'pkg:npm/strip-ansi@6.0.1', to: 'pkg:npm/ansi-regex@5.0.1' },
        { from: 'pkg:npm/strip-ansi@7.1.0', to: 'pkg:npm/ansi-regex@6.0.1' },
        { from: 'pkg:npm/rollup@4.13.0', to: 'pkg:npm/fsevents@2.3.3' },
      ]),
    );
    expect(result?.edges).toHaveLength(21);
    // rollup's missing platform packages are optional: no warning.
    expect(result?.warnings).toEqual([]);
  });

  it('reads v2 workspaces from `packages`: links and workspaces are not packages', async () => {
    const result = await run('v2-workspaces.json');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/lodash@4.17.21', 'prod', true],
      ['pkg:npm/lru-cache@6.0.0', 'prod', false],
      ['pkg:npm/semver@5.7.2', 'prod', true],
      ['pkg:npm/typescript@5.4.3', 'dev', true],
      ['pkg:npm/yallist@4.0.0', 'prod', false],
      ['pkg:npm/semver@7.6.0', 'prod', true],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/acme-monorepo', to: 'pkg:npm/typescript@5.4.3' },
      { from: 'pkg:npm/lru-cache@6.0.0', to: 'pkg:npm/yallist@4.0.0' },
      { from: 'pkg:npm/%40acme/core@1.2.0', to: 'pkg:npm/lodash@4.17.21' },
      { from: 'pkg:npm/%40acme/core@1.2.0', to: 'pkg:npm/semver@5.7.2' },
      { from: 'pkg:npm/%40acme/web@0.3.0', to: 'pkg:npm/%40acme/core@1.2.0' },
      { from: 'pkg:npm/%40acme/web@0.3.0', to: 'pkg:npm/semver@7.6.0' },
      { from: 'pkg:npm/semver@7.6.0', to: 'pkg:npm/lru-cache@6.0.0' },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v1 trees: requires, nested folders, aliases, git versions; direct from package.json', async () => {
    const result = await run('v1-nested.json', 'legacy/package-lock.json', {
      'legacy/package.json': legacyManifest,
    });
    expect(result?.packages.map((p) => [p.name, p.version, p.scope, p.direct])).toEqual([
      ['bufferutil', '4.0.8', 'optional', true],
      ['debug', '2.6.9', 'prod', true],
      ['ms', '2.0.0', 'prod', false],
      ['left-pad', null, 'prod', true],
      ['lodash', '4.17.21', 'prod', true],
      ['minimist', '1.2.8', 'dev', false],
      ['mkdirp', '0.5.6', 'dev', true],
      ['ms', '2.1.3', 'prod', true],
      ['node-gyp-build', '4.8.0', 'optional', false],
    ]);
    expect(result?.edges).toContainEqual({ from: 'pkg:npm/debug@2.6.9', to: 'pkg:npm/ms@2.0.0' });
    expect(result?.edges).toContainEqual({ from: 'pkg:npm/legacy-app@2.0.0', to: 'pkg:npm/lodash@4.17.21' });
    expect(result?.edges).toContainEqual({ from: 'pkg:npm/mkdirp@0.5.6', to: 'pkg:npm/minimist@1.2.8' });
    expect(result?.edges).toHaveLength(9);
    expect(result?.packages.every((p) => p.licenses.length === 0)).toBe(true);
  });

  it('leaves direct unknown in v1 without a package.json', async () => {
    const result = await run('v1-nested.json');
    expect(result?.packages.map((p) => p.direct)).toEqual(Array(9).fill(null));
    expect(result?.edges).toHaveLength(3);
  });

  it('reads the hidden lockfile, with the project from ../package.json', async () => {
    const manifest = JSON.stringify({
      name: 'cli-tool',
      dependencies: { commander: '^12.0.0', 'local-lib': 'file:../local-lib' },
      devDependencies: { picocolors: '^1.0.0' },
    });
    const result = await run('hidden-lockfile.json', 'tool/node_modules/.package-lock.json', {
      'tool/package.json': manifest,
    });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/commander@12.0.0', 'prod', true],
      ['pkg:npm/picocolors@1.0.0', 'dev', true],
    ]);
    expect(result?.packages[0]?.licenses).toEqual(['MIT']);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/cli-tool', to: 'pkg:npm/commander@12.0.0' },
      { from: 'pkg:npm/cli-tool', to: 'pkg:npm/picocolors@1.0.0' },
    ]);
    expect(result?.warnings).toEqual([]);
    const alone = await run('hidden-lockfile.json', 'node_modules/.package-lock.json');
    expect(alone?.packages.map((p) => p.direct)).toEqual([null, null]);
  });

  it('warns about a dependency Node could not find', async () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: { '': { name: 'x', dependencies: { gone: '^1.0.0' } } },
    });
    const result = await extractText(npmPackageLock, 'package-lock.json', lock);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNRESOLVED_DEPENDENCY']);
  });

  it('is not my file when it has neither version nor packages', async () => {
    expect(await extractText(npmPackageLock, 'package-lock.json', '{"name":"x"}')).toBeNull();
  });

  it.each([
    ['merge-conflict.json', 'ERR_OSPO_PARSE', 15],
    ['wrong-shape.json', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(npmPackageLock, 'package-lock.json', [...files.values()]);
    await fuzzExtractor(npmPackageLock, 'node_modules/.package-lock.json', [...files.values()], 100);
  });
});
