import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { pythonDistInfo } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const site = '.venv/lib/python3.12/site-packages';
const run = (name: string, as = `${site}/pkg-1.0.dist-info/METADATA`) =>
  extractText(pythonDistInfo, as, files.get(name) ?? '');

describe('python-dist-info', () => {
  it.each([
    [`${site}/attrs-25.3.0.dist-info/METADATA`, true],
    ['build/wheel/foo-1.0.dist-info/METADATA', true],
    [`${site}/zope.interface-5.4.0-py3.9.egg-info/PKG-INFO`, true],
    [`${site}/six-1.16.0-py3.9.egg/EGG-INFO/PKG-INFO`, true],
    ['/usr/lib/python3/dist-packages/chardet-3.0.4.egg-info', true],
    ['src/myproject.egg-info/PKG-INFO', false],
    [`${site}/attrs-25.3.0.dist-info/RECORD`, false],
    [`${site}/attrs/METADATA`, false],
    ['.dist-info/METADATA', false],
  ])('matches %s: %s', (file, expected) => {
    expect(pythonDistInfo.matches(file)).toBe(expected);
    expect(pythonDistInfo.installedMetadata).toBe(true);
  });

  it.each([
    ['license-expression.METADATA', 'pkg:pypi/attrs@25.3.0', ['MIT']],
    ['short-license.METADATA', 'pkg:pypi/python-dateutil@2.8.2', ['Dual License']],
    ['license-text-classifiers.METADATA', 'pkg:pypi/numpy@1.26.4', ['BSD-3-Clause']],
    ['egg-info-classifiers.PKG-INFO', 'pkg:pypi/zope-interface@5.4.0', ['LGPL-2.0-or-later', 'PSF-2.0']],
  ])('reads %s as %s with licenses %j', async (name, purl, licenses) => {
    const result = await run(name);
    expect(result?.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: purl.slice('pkg:pypi/'.length, purl.indexOf('@')),
        version: purl.slice(purl.indexOf('@') + 1),
        purl,
        scope: 'unknown',
        direct: null,
        licenses,
      },
    ]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it.each([
    ['not-headers.METADATA', 'ERR_OSPO_PARSE', 3],
    ['no-version.METADATA', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(pythonDistInfo, `${site}/pkg-1.0.dist-info/METADATA`, [...files.values()]);
  });
});
