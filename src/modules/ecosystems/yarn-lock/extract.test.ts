import path from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { yarnLock } from './index.js';
import { parseYarnV1 } from './parse-v1.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, others: Record<string, string> = {}, at = 'yarn.lock') =>
  extractText(yarnLock, at, files.get(name) ?? '', others);
const row = (p: { purl: string; scope: string; direct: boolean | null }) => [p.purl, p.scope, p.direct];
const json = (value: unknown) => JSON.stringify(value);

const v1Manifest = json({
  name: 'shop-web',
  version: '1.2.0',
  private: true,
  workspaces: ['packages/*'],
  dependencies: {
    chalk: '^4.1.0',
    'left-pad': 'github:stevemao/left-pad#v1.3.0',
    'local-utils': 'file:./local-utils',
    lodash: '^4.17.21',
    'string-width-cjs': 'npm:string-width@^4.2.0',
  },
  devDependencies: { 'jest-util': '^29.7.0' },
  optionalDependencies: { fsevents: '~2.3.2' },
});
const berryManifests = {
  'web/package.json': json({
    name: 'shop',
    version: '2.0.0',
    workspaces: ['packages/*'],
    dependencies: {
      '@acme/lib': 'workspace:^',
      'left-pad': 'https://github.com/stevemao/left-pad.git#v1.3.0',
      'local-tool': 'link:./tools/local',
      'my-lodash': 'npm:lodash@^4.17.21',
      react: '^18.2.0',
      shared: 'portal:../shared',
    },
    devDependencies: { typescript: '^5.4.5' },
    optionalDependencies: { fsevents: '~2.3.2' },
  }),
  'web/packages/lib/package.json': json({
    name: '@acme/lib',
    version: '0.3.0',
    dependencies: { lodash: '^4.17.21' },
    peerDependencies: { react: '^18.0.0' },
    devDependencies: { '@types/react': '^18.2.0', react: '^18.2.0' },
  }),
};

describe('yarn-lock', () => {
  it.each([
    ['yarn.lock', true],
    ['apps/web/yarn.lock', true],
    ['yarn.lock.bak', false],
    ['my-yarn.lock', false],
    ['package-lock.json', false],
  ])('matches %s: %s', (file, expected) => {
    expect(yarnLock.matches(file)).toBe(expected);
  });

  it('reads v1 with package.json: scopes propagated, aliases, git and file dependencies', async () => {
    const result = await run('v1-workspaces.lock', { 'package.json': v1Manifest });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40babel/runtime@7.23.2', 'unknown', false],
      ['pkg:npm/ansi-regex@5.0.1', 'prod', false],
      ['pkg:npm/ansi-styles@4.3.0', 'prod', false],
      ['pkg:npm/chalk@4.1.2', 'prod', true],
      ['pkg:npm/ci-info@3.9.0', 'dev', false],
      ['pkg:npm/color-convert@2.0.1', 'prod', false],
      ['pkg:npm/color-name@1.1.4', 'prod', false],
      ['pkg:npm/emoji-regex@8.0.0', 'prod', false],
      ['pkg:npm/fsevents@2.3.3', 'optional', true],
      ['pkg:npm/has-flag@4.0.0', 'prod', false],
      ['pkg:npm/is-fullwidth-code-point@3.0.0', 'prod', false],
      ['pkg:npm/jest-util@29.7.0', 'dev', true],
      ['pkg:npm/left-pad@1.3.0', 'prod', true],
      ['pkg:npm/lodash@4.17.21', 'prod', true],
      ['pkg:npm/regenerator-runtime@0.14.0', 'unknown', false],
      ['pkg:npm/string-width@4.2.3', 'prod', true],
      ['pkg:npm/strip-ansi@6.0.1', 'prod', false],
      ['pkg:npm/supports-color@7.2.0', 'prod', false],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/shop-web@1.2.0', to: 'pkg:npm/chalk@4.1.2' },
        { from: 'pkg:npm/shop-web@1.2.0', to: 'pkg:npm/string-width@4.2.3' },
        { from: 'pkg:npm/shop-web@1.2.0', to: 'pkg:npm/local-utils' },
        { from: 'pkg:npm/local-utils', to: 'pkg:npm/lodash@4.17.21' },
        { from: 'pkg:npm/jest-util@29.7.0', to: 'pkg:npm/chalk@4.1.2' },
        { from: 'pkg:npm/%40babel/runtime@7.23.2', to: 'pkg:npm/regenerator-runtime@0.14.0' },
      ]),
    );
    expect(result?.edges).toHaveLength(20);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v1 without package.json: scope unknown, direct null, no project edges', async () => {
    const result = await run('v1-workspaces.lock');
    expect(result?.packages).toHaveLength(18);
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.direct === null)).toBe(true);
    expect(result?.edges).toHaveLength(13);
  });

  it('reads a v1 file that lost its header comment', async () => {
    const result = await run('v1-no-header.lock');
    expect(result?.packages.map((p) => [p.purl, p.version])).toEqual([
      ['pkg:npm/%40types/node@20.11.30', '20.11.30'],
      ['pkg:npm/undici-types@5.26.5', '5.26.5'],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/%40types/node@20.11.30', to: 'pkg:npm/undici-types@5.26.5' },
    ]);
  });

  it('reads Berry v8 workspaces: patches, aliases, git, link and portal, scopes from each package.json', async () => {
    const result = await run('berry-v8-workspaces.lock', berryManifests, 'web/yarn.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/%40types/react@18.2.79', 'dev', true],
      ['pkg:npm/csstype@3.1.3', 'dev', false],
      ['pkg:npm/fsevents@2.3.3', 'optional', true],
      ['pkg:npm/js-tokens@4.0.0', 'prod', false],
      ['pkg:npm/left-pad@1.3.0', 'prod', true],
      ['pkg:npm/lodash@4.17.21', 'prod', true],
      ['pkg:npm/loose-envify@1.4.0', 'prod', false],
      ['pkg:npm/ms@2.1.3', 'prod', false],
      ['pkg:npm/react@18.2.0', 'prod', true],
      ['pkg:npm/typescript@5.4.5', 'dev', true],
    ]);
    expect(result?.edges).toEqual(
      expect.arrayContaining([
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/%40acme/lib@0.3.0' },
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/fsevents@2.3.3' },
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/lodash@4.17.21' },
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/local-tool' },
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/shared' },
        { from: 'pkg:npm/shop@2.0.0', to: 'pkg:npm/typescript@5.4.5' },
        { from: 'pkg:npm/shared', to: 'pkg:npm/ms@2.1.3' },
        { from: 'pkg:npm/%40acme/lib@0.3.0', to: 'pkg:npm/react@18.2.0' },
        { from: 'pkg:npm/react@18.2.0', to: 'pkg:npm/loose-envify@1.4.0' },
      ]),
    );
    expect(result?.edges).toHaveLength(15);
    // fsevents' node-gyp@npm:latest is fetched on demand and never locked
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
    ]);
  });

  it('reads Berry without package.json: direct from the workspace entries, scope unknown', async () => {
    const result = await run('berry-v8-workspaces.lock');
    expect(result?.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      '@types/react',
      'fsevents',
      'left-pad',
      'lodash',
      'react',
      'typescript',
    ]);
    expect(result?.packages.every((p) => p.scope === 'unknown')).toBe(true);
    expect(result?.edges).toContainEqual({ from: 'pkg:npm/shop', to: 'pkg:npm/%40acme/lib' });
  });

  it('reads Berry v6 (Yarn 3), whose dependencies omit `npm:`; warns about what is not locked', async () => {
    const manifest = json({
      name: 'tiny-app',
      dependencies: { debug: '^4.3.4' },
      devDependencies: { vitest: '^1.6.0' },
    });
    const result = await run('berry-v6-yarn3.lock', { 'package.json': manifest });
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/debug@4.3.4', 'prod', true],
      ['pkg:npm/ms@2.1.2', 'prod', false],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:npm/tiny-app', to: 'pkg:npm/debug@4.3.4' },
      { from: 'pkg:npm/debug@4.3.4', to: 'pkg:npm/ms@2.1.2' },
    ]);
    expect(result?.warnings).toEqual([
      {
        code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
        message: 'tiny-app depends on "vitest@^1.6.0", which is not locked',
      },
    ]);
  });

  it('warns about an unreadable package.json and goes on without it', async () => {
    const result = await run('berry-v6-yarn3.lock', { 'package.json': '{"name": ' });
    expect(result?.warnings[0]?.code).toBe('ERR_OSPO_PARSE');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:npm/debug@4.3.4', 'unknown', true],
      ['pkg:npm/ms@2.1.2', 'unknown', false],
    ]);
  });

  it.each([
    ['v1-broken.lock', 'ERR_OSPO_PARSE', 6],
    ['berry-broken.lock', 'ERR_OSPO_PARSE', 11],
    ['berry-wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
  });

  it.each([
    ['just a string', 'ERR_OSPO_PARSE'],
    ['- a\n- b\n', 'ERR_OSPO_PARSE'],
    ['[1, 2]\n__metadata: x\n', 'ERR_OSPO_PARSE'],
    ['__metadata:\n  version: 8\nms@npm:2.1.3: 2.1.3\n', 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports %j as %s', async (text, code) => {
    const error = (await extractText(yarnLock, 'yarn.lock', text).catch((e: unknown) => e)) as OspoError;
    expect(error.code).toBe(code);
  });

  it('reads v1 syntax as the Yarn grammar does: quoted keys, escapes, key lists, comments, `key: value`', () => {
    const text = files.get('v1-tricky-syntax.lock') ?? '';
    const ours: Record<string, unknown> = {};
    for (const entry of parseYarnV1(text, 'yarn.lock')) {
      for (const d of entry.descriptors) ours[d] = entry.value;
    }
    // the fixture has CRLF line ends; both parsers read them
    expect(text).toContain('\r\n');
    const theirs = JSON.parse(
      JSON.stringify(parseSyml(text), (_k, v) => (typeof v === 'boolean' ? String(v) : v)),
    );
    expect(Object.keys(ours)).toHaveLength(6);
    expect(ours).toEqual(theirs);
  });

  it.each([
    ['lodash@^4:\n   version "4.17.21"\n', 2, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n  version "4.17.21"\n      resolved "x"\n', 3, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n\tversion "4.17.21"\n', 2, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n  version\n', 2, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n  version "1" extra\n', 2, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n  version "a\\qb"\n', 2, 'ERR_OSPO_PARSE'],
    ['# yarn lockfile v1\nlodash "4"\n', 2, 'ERR_OSPO_PARSE'],
    ['lodash@^4:\n  dependencies "x"\n', undefined, 'ERR_OSPO_PARSE_SHAPE'],
  ])('reports v1 text %j at line %s', async (text, line, code) => {
    const error = (await extractText(yarnLock, 'yarn.lock', text).catch((e: unknown) => e)) as OspoError & {
      line?: number;
    };
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(yarnLock, 'yarn.lock', [...files.values()]);
  });
});
