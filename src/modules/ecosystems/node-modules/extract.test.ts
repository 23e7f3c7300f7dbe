import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { nodeModules } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const at = 'node_modules/x/package.json';
const run = (name: string) => extractText(nodeModules, at, files.get(name) ?? '');

describe('node-modules', () => {
  it.each([
    ['node_modules/express/package.json', true],
    ['node_modules/@babel/code-frame/package.json', true],
    ['node_modules/a/node_modules/b/package.json', true],
    ['apps/web/node_modules/@types/node/package.json', true],
    ['node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json', true],
    ['package.json', false],
    ['apps/web/package.json', false],
    ['node_modules/package.json', false],
    ['node_modules/@babel/package.json', false],
    ['node_modules/a/lib/package.json', false],
    ['node_modules/@babel/runtime/helpers/esm/package.json', false],
    ['node_modules/.bin/package.json', false],
    ['node_modules/express/package.json.bak', false],
  ])('matches %s: %s', (file, expected) => {
    expect(nodeModules.matches(file)).toBe(expected);
  });

  it.each([
    ['modern.json', 'express', '4.19.2', 'pkg:npm/express@4.19.2', ['MIT']],
    ['scoped.json', '@babel/code-frame', '7.24.2', 'pkg:npm/%40babel/code-frame@7.24.2', ['MIT']],
    ['npm6-installed.json', 'debug', '2.6.9', 'pkg:npm/debug@2.6.9', ['MIT']],
    ['legacy-license-object.json', 'pause-stream', '0.0.11', 'pkg:npm/pause-stream@0.0.11', ['MIT']],
    ['legacy-licenses-array.json', 'json-schema', '0.2.3', 'pkg:npm/json-schema@0.2.3', ['AFLv2.1', 'BSD']],
  ])('reads %s as one package', async (name, pkgName, version, purl, licenses) => {
    const result = await run(name);
    expect(result).toEqual({
      packages: [
        { ecosystem: 'npm', name: pkgName, version, purl, scope: 'unknown', direct: null, licenses },
      ],
      edges: [],
      warnings: [],
    });
  });

  it('is not my file when name or version is missing', async () => {
    expect(await run('type-module-only.json')).toBeNull();
    expect(await extractText(nodeModules, at, '{"name":"x"}')).toBeNull();
    expect(await extractText(nodeModules, at, '{"version":"1.0.0","private":true}')).toBeNull();
  });

  it.each([
    ['not-json.json', 'ERR_OSPO_PARSE', 8],
    ['wrong-shape.json', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(nodeModules, at, [...files.values()]);
  });
});
