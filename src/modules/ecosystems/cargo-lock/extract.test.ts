import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { cargoLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(cargoLock, 'Cargo.lock', files.get(name) ?? '');

describe('cargo-lock', () => {
  it('matches Cargo.lock anywhere, and nothing else', () => {
    expect(cargoLock.matches('Cargo.lock')).toBe(true);
    expect(cargoLock.matches('crates/x/Cargo.lock')).toBe(true);
    expect(cargoLock.matches('Cargo.toml')).toBe(false);
    expect(cargoLock.matches('NotCargo.lock')).toBe(false);
  });

  it('reads a v3 workspace: registry crates only, direct ones marked, edges resolved', async () => {
    const result = await run('v3-workspace.lock');
    expect(result?.packages.map((p) => [p.purl, p.direct])).toEqual([
      ['pkg:cargo/itoa@1.0.9', true],
      ['pkg:cargo/serde@1.0.188', true],
      ['pkg:cargo/serde_derive@1.0.188', false],
    ]);
    expect(result?.edges).toContainEqual({ from: 'pkg:cargo/app@0.1.0', to: 'pkg:cargo/serde@1.0.188' });
    expect(result?.edges).toContainEqual({ from: 'pkg:cargo/util@0.1.0', to: 'pkg:cargo/itoa@1.0.9' });
    expect(result?.edges).toContainEqual({
      from: 'pkg:cargo/serde@1.0.188',
      to: 'pkg:cargo/serde_derive@1.0.188',
    });
    expect(result?.warnings).toEqual([]);
  });

  it('keeps two versions of one crate apart, and git crates', async () => {
    const result = await run('v4-two-versions.lock');
    expect(result?.packages.map((p) => p.purl)).toEqual([
      'pkg:cargo/bitflags@1.3.2',
      'pkg:cargo/bitflags@2.4.0',
      'pkg:cargo/gitdep@0.5.0',
    ]);
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.ecosystem === 'crates.io')).toBe(true);
  });

  it.each([
    ['not-toml.lock', 'ERR_OSPO_PARSE', 5],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(cargoLock, 'Cargo.lock', [...files.values()]);
  });
});
