import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { goMod } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(goMod, 'go.mod', files.get(name) ?? '');
const row = (p: { purl: string; version: string | null; direct: boolean | null }) => [
  p.purl,
  p.version,
  p.direct,
];

describe('go-mod', () => {
  it.each([
    ['go.mod', true],
    ['services/api/go.mod', true],
    ['go.sum', false],
    ['go.work', false],
    ['notgo.mod', false],
  ])('matches %s: %s', (file, expected) => {
    expect(goMod.matches(file)).toBe(expected);
  });

  it('reads single and block requires, indirect markers, +incompatible and pseudo-versions', async () => {
    const result = await run('basic.mod');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:golang/github.com/spf13/cobra@v1.8.0', '1.8.0', true],
      ['pkg:golang/github.com/google/uuid@v1.6.0', '1.6.0', true],
      ['pkg:golang/github.com/prometheus/client_golang@v1.19.0', '1.19.0', true],
      ['pkg:golang/gopkg.in/yaml.v3@v3.0.1', '3.0.1', true],
      ['pkg:golang/github.com/beorn7/perks@v1.0.1', '1.0.1', false],
      ['pkg:golang/github.com/cespare/xxhash/v2@v2.2.0', '2.2.0', false],
      ['pkg:golang/github.com/docker/docker@v24.0.7+incompatible', '24.0.7+incompatible', false],
      ['pkg:golang/github.com/inconshreveable/mousetrap@v1.1.0', '1.1.0', false],
      [
        'pkg:golang/golang.org/x/sys@v0.0.0-20240312152122-5f08fbd34913',
        '0.0.0-20240312152122-5f08fbd34913',
        false,
      ],
      ['pkg:golang/google.golang.org/protobuf@v1.33.0', '1.33.0', true],
    ]);
    expect(result?.packages.every((p) => p.scope === 'prod' && p.ecosystem === 'Go')).toBe(true);
    expect(result?.packages.map((p) => p.name)).toContain('github.com/cespare/xxhash/v2');
    expect(result?.edges).toHaveLength(10);
    expect(result?.edges[0]).toEqual({
      from: 'pkg:golang/github.com/acme/inventory-service',
      to: 'pkg:golang/github.com/spf13/cobra@v1.8.0',
    });
    expect(result?.warnings).toEqual([]);
  });

  it('applies replace directives: path-wide, version-specific, non-matching, and local', async () => {
    const result = await run('replace.mod');
    expect(result?.packages.map(row)).toEqual([
      [
        'pkg:golang/example.com/platform/shared@v0.0.0-00010101000000-000000000000',
        '0.0.0-00010101000000-000000000000',
        true,
      ],
      [
        'pkg:golang/github.com/acme-forks/gin@v1.9.2-0.20231010120000-0123456789ab',
        '1.9.2-0.20231010120000-0123456789ab',
        true,
      ],
      ['pkg:golang/go.uber.org/mock@v0.4.0', '0.4.0', true],
      ['pkg:golang/github.com/hashicorp/go-version@v1.6.0', '1.6.0', true],
      ['pkg:golang/golang.org/x/net@v0.23.0', '0.23.0', false],
    ]);
    expect(result?.edges).toContainEqual({
      from: 'pkg:golang/example.com/platform/api',
      to: 'pkg:golang/go.uber.org/mock@v0.4.0',
    });
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([['ERR_OSPO_LOCAL_REPLACE', 13]]);
  });

  it('reads quoted paths, skips go/godebug/tool/exclude/retract, warns on unknown directives', async () => {
    const result = await run('directives.mod');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:golang/golang.org/x/mod@v0.17.0', '0.17.0', true],
      ['pkg:golang/golang.org/x/tools@v0.21.0', '0.21.0', true],
    ]);
    expect(result?.edges[0]?.from).toBe('pkg:golang/example.com/tools');
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([['ERR_OSPO_UNKNOWN_DIRECTIVE', 25]]);
  });

  it('reports requirements without edges when there is no module directive', async () => {
    const result = await run('no-module.mod');
    expect(result?.packages.map(row)).toEqual([['pkg:golang/github.com/pkg/errors@v0.9.1', '0.9.1', true]]);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_NO_MODULE']);
  });

  it.each([
    ['malformed-require.mod', 7],
    ['bad-version.mod', 3],
    ['unclosed-block.mod', 5],
    ['bad-path.mod', 5],
  ])('reports %s as ERR_OSPO_PARSE at line %i', async (name, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe('ERR_OSPO_PARSE');
    expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(goMod, 'go.mod', [...files.values()]);
  });
});
