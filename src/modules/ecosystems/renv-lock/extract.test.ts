import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { renvLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(renvLock, 'renv.lock', files.get(name) ?? '');

describe('renv-lock', () => {
  it('matches renv.lock anywhere, and nothing else', () => {
    expect(renvLock.matches('renv.lock')).toBe(true);
    expect(renvLock.matches('analysis/renv.lock')).toBe(true);
    expect(renvLock.matches('renv/activate.R')).toBe(false);
    expect(renvLock.matches('myrenv.lock')).toBe(false);
  });

  it('reads a v1 lockfile of CRAN packages, renv included, base R left out', async () => {
    const result = await run('v1-cran.lock');
    expect(result?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ['pkg:cran/MASS@7.3-60', 'unknown', null],
      ['pkg:cran/cli@3.6.2', 'unknown', null],
      ['pkg:cran/glue@1.7.0', 'unknown', null],
      ['pkg:cran/lifecycle@1.0.4', 'unknown', null],
      ['pkg:cran/renv@1.0.3', 'unknown', null],
      ['pkg:cran/rlang@1.1.3', 'unknown', null],
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:cran/lifecycle@1.0.4', to: 'pkg:cran/cli@3.6.2' },
      { from: 'pkg:cran/lifecycle@1.0.4', to: 'pkg:cran/glue@1.7.0' },
      { from: 'pkg:cran/lifecycle@1.0.4', to: 'pkg:cran/rlang@1.1.3' },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('tells CRAN mirrors from Bioconductor, GitHub, local and other repositories', async () => {
    const result = await run('mixed-sources.lock');
    // a CRAN mirror named "Mirror" in R.Repositories counts; r-universe and GitHub builds do not
    expect(result?.packages.map((p) => p.purl)).toEqual([
      'pkg:cran/BiocManager@1.30.22',
      'pkg:cran/digest@0.6.33',
    ]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings.map((w) => [w.code, w.message.split(' ')[0]])).toEqual([
      ['ERR_OSPO_UNSUPPORTED_SOURCE', 'BiocGenerics'],
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'targets'],
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'tarchetypes'],
      ['ERR_OSPO_NON_REGISTRY_SOURCE', 'mywork'],
    ]);
    expect(result?.warnings[1]?.message).toContain('ropensci/targets at 3d8c6f0b');
  });

  it('reads a v2 lockfile: DESCRIPTION dependency fields as edges, License as declared', async () => {
    const result = await run('v2-description-fields.lock');
    expect(result?.packages.map((p) => [p.purl, p.licenses])).toEqual([
      ['pkg:cran/cpp11@0.5.0', ['MIT + file LICENSE']],
      ['pkg:cran/rlang@1.1.4', ['MIT + file LICENSE']],
      ['pkg:cran/vctrs@0.6.5', ['MIT + file LICENSE']],
    ]);
    // Suggests are not dependencies; LinkingTo is
    expect(result?.edges).toEqual([
      { from: 'pkg:cran/vctrs@0.6.5', to: 'pkg:cran/rlang@1.1.4' },
      { from: 'pkg:cran/vctrs@0.6.5', to: 'pkg:cran/cpp11@0.5.0' },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('warns about a requirement the lockfile lacks, and about a record without a version', async () => {
    const result = await run('missing-requirement.lock');
    expect(result?.packages.map((p) => p.purl)).toEqual(['pkg:cran/httr@1.4.7']);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_INVALID_PACKAGE',
      'ERR_OSPO_UNRESOLVED_DEPENDENCY',
    ]);
  });

  it.each([
    ['not-json.lock', 'ERR_OSPO_PARSE', 15],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(renvLock, 'renv.lock', [...files.values()]);
  });
});
