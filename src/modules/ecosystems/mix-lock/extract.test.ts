import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { mixLock } from './index.js';
import { parseElixirTerm } from './terms.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(mixLock, 'mix.lock', files.get(name) ?? '');

describe('mix-lock', () => {
  it('matches mix.lock anywhere, and nothing else', () => {
    expect(mixLock.matches('mix.lock')).toBe(true);
    expect(mixLock.matches('apps/web/mix.lock')).toBe(true);
    expect(mixLock.matches('mix.exs')).toBe(false);
    expect(mixLock.matches('remix.lock')).toBe(false);
  });

  it('reads a Phoenix app: hex packages, a git dependency without version, edges by app name', async () => {
    const result = await run('phoenix-app.lock');
    expect(result?.packages.map((p) => [p.purl, p.version])).toEqual([
      ['pkg:hex/castore@1.0.5', '1.0.5'],
      ['pkg:hex/heroicons', null],
      ['pkg:hex/jason@1.4.1', '1.4.1'],
      ['pkg:hex/mime@2.0.5', '2.0.5'],
      ['pkg:hex/phoenix@1.7.10', '1.7.10'],
      ['pkg:hex/phoenix_pubsub@2.1.3', '2.1.3'],
      ['pkg:hex/plug@1.15.2', '1.15.2'],
      ['pkg:hex/plug_crypto@2.0.0', '2.0.0'],
      ['pkg:hex/telemetry@1.2.1', '1.2.1'],
    ]);
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.direct === null)).toBe(true);
    const from = (purl: string) => result?.edges.filter((e) => e.from === purl).map((e) => e.to);
    expect(from('pkg:hex/phoenix@1.7.10')).toEqual([
      'pkg:hex/castore@1.0.5',
      'pkg:hex/jason@1.4.1',
      'pkg:hex/phoenix_pubsub@2.1.3',
      'pkg:hex/plug@1.15.2',
      'pkg:hex/telemetry@1.2.1',
    ]);
    expect(from('pkg:hex/plug@1.15.2')).toEqual([
      'pkg:hex/mime@2.0.5',
      'pkg:hex/plug_crypto@2.0.0',
      'pkg:hex/telemetry@1.2.1',
    ]);
    expect(result?.edges).toHaveLength(8);
    // jason's optional decimal and phoenix's optional plug_cowboy are not locked: no warning for them
    expect(result?.warnings).toEqual([
      expect.objectContaining({ code: 'ERR_OSPO_NON_REGISTRY_SOURCE', line: 3 }),
    ]);
  });

  it('reads old short tuples, aliases by their package name, private repos, and skips path deps', async () => {
    const result = await run('legacy-and-alias.lock');
    expect(result?.packages.map((p) => p.purl)).toEqual([
      'pkg:hex/cowboy@1.1.2',
      'pkg:hex/cowlib@1.0.2',
      'pkg:hex/poison@3.1.0',
      'pkg:hex/private_lib@0.3.0',
      'pkg:hex/ranch@1.3.2',
    ]);
    expect(result?.edges).toEqual([
      { from: 'pkg:hex/cowboy@1.1.2', to: 'pkg:hex/cowlib@1.0.2' },
      { from: 'pkg:hex/cowboy@1.1.2', to: 'pkg:hex/ranch@1.3.2' },
      { from: 'pkg:hex/private_lib@0.3.0', to: 'pkg:hex/poison@3.1.0' },
    ]);
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([
      ['ERR_OSPO_UNSUPPORTED_SOURCE', 4],
      ['ERR_OSPO_UNRESOLVED_DEPENDENCY', 4],
    ]);
  });

  it('accepts the other spellings of maps, atoms and strings', async () => {
    const result = await run('syntax-variants.lock');
    expect(result?.packages.map((p) => p.purl)).toEqual([
      'pkg:hex/odd_name@0.1.0-rc.1',
      'pkg:hex/nested@1.0.2',
    ]);
    expect(result?.edges).toEqual([{ from: 'pkg:hex/odd_name@0.1.0-rc.1', to: 'pkg:hex/nested@1.0.2' }]);
    const term = parseElixirTerm('{"a\\"b\\x41\\u{1F600}\\n", -1_000, [x: nil]}', 'x');
    expect(term).toMatchObject({
      t: 'tuple',
      items: [
        { t: 'string', v: 'a"bA\u{1F600}\n' },
        { t: 'int', v: -1000 },
        { t: 'list', items: [{ t: 'tuple', items: [{ v: 'x' }, { t: 'atom', v: 'nil' }] }] },
      ],
    });
  });

  it.each([
    ['not-terms.lock', 'ERR_OSPO_PARSE', 3],
    ['missing-quote.lock', 'ERR_OSPO_PARSE', 3],
    ['truncated.lock', 'ERR_OSPO_PARSE', 4],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('refuses deeply nested terms with a coded error', () => {
    expect(() => parseElixirTerm('['.repeat(5000), 'mix.lock')).toThrow(/nested too deeply/);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(mixLock, 'mix.lock', [...files.values()]);
  });
});
