import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { composerLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, manifest?: string) =>
  extractText(
    composerLock,
    'shop/composer.lock',
    files.get(name) ?? '',
    manifest ? { 'shop/composer.json': files.get(manifest) ?? manifest } : {},
  );
const row = (p: { purl: string; version: string | null; scope: string; direct: boolean | null }) => [
  p.purl,
  p.version,
  p.scope,
  p.direct,
];

describe('composer-lock', () => {
  it.each([
    ['composer.lock', true],
    ['apps/shop/composer.lock', true],
    ['composer.json', false],
    ['old-composer.lock', false],
  ])('matches %s: %s', (file, expected) => {
    expect(composerLock.matches(file)).toBe(expected);
  });

  it('reads packages and packages-dev, strips tag v, direct flags and root edges from composer.json', async () => {
    const result = await run('symfony-app.lock', 'symfony-app.json');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:composer/monolog/monolog@3.5.0', '3.5.0', 'prod', true],
      ['pkg:composer/psr/log@3.0.0', '3.0.0', 'prod', false],
      ['pkg:composer/symfony/console@6.4.3', '6.4.3', 'prod', true],
      ['pkg:composer/symfony/deprecation-contracts@3.4.0', '3.4.0', 'prod', false],
      ['pkg:composer/symfony/polyfill-mbstring@1.29.0', '1.29.0', 'prod', false],
      ['pkg:composer/symfony/service-contracts@3.4.1', '3.4.1', 'prod', false],
      ['pkg:composer/psr/container@2.0.2', '2.0.2', 'prod', false],
      ['pkg:composer/phpunit/phpunit@10.5.10', '10.5.10', 'dev', true],
      ['pkg:composer/roave/security-advisories@dev-latest', 'dev-latest', 'dev', true],
      ['pkg:composer/sebastian/version@4.0.1', '4.0.1', 'dev', false],
    ]);
    expect(result?.packages.map((p) => p.licenses)).toContainEqual(['BSD-3-Clause']);
    expect(result?.packages[0]?.licenses).toEqual(['MIT']);
    expect(result?.edges.filter((e) => e.from === 'pkg:composer/acme/shop')).toEqual([
      { from: 'pkg:composer/acme/shop', to: 'pkg:composer/monolog/monolog@3.5.0' },
      { from: 'pkg:composer/acme/shop', to: 'pkg:composer/symfony/console@6.4.3' },
      { from: 'pkg:composer/acme/shop', to: 'pkg:composer/phpunit/phpunit@10.5.10' },
      { from: 'pkg:composer/acme/shop', to: 'pkg:composer/roave/security-advisories@dev-latest' },
    ]);
    expect(
      result?.edges.filter((e) => e.from === 'pkg:composer/symfony/console@6.4.3').map((e) => e.to),
    ).toEqual([
      'pkg:composer/symfony/deprecation-contracts@3.4.0',
      'pkg:composer/symfony/polyfill-mbstring@1.29.0',
      'pkg:composer/symfony/service-contracts@3.4.1',
    ]);
    expect(result?.edges).toHaveLength(4 + 6);
    expect(result?.warnings).toEqual([]);
  });

  it('resolves provide and replace, leaves path packages out; direct unknown without composer.json', async () => {
    const result = await run('provide-replace.lock');
    expect(result?.packages.map(row)).toEqual([
      ['pkg:composer/acme/api-client@dev-main', 'dev-main', 'prod', null],
      ['pkg:composer/guzzlehttp/guzzle@7.8.1', '7.8.1', 'prod', null],
      ['pkg:composer/laminas/laminas-diactoros@3.3.0', '3.3.0', 'prod', null],
      ['pkg:composer/symfony/polyfill@1.29.0', '1.29.0', 'prod', null],
    ]);
    expect(result?.packages.map((p) => p.licenses)).toEqual([[], ['MIT'], ['BSD-3-Clause'], ['MIT']]);
    expect(result?.edges.map((e) => [e.from, e.to])).toEqual([
      ['pkg:composer/acme/api-client@dev-main', 'pkg:composer/guzzlehttp/guzzle@7.8.1'],
      ['pkg:composer/acme/api-client@dev-main', 'pkg:composer/laminas/laminas-diactoros@3.3.0'],
      ['pkg:composer/acme/api-client@dev-main', 'pkg:composer/symfony/polyfill@1.29.0'],
      ['pkg:composer/acme/billing@dev-main', 'pkg:composer/guzzlehttp/guzzle@7.8.1'],
    ]);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNRESOLVED_DEPENDENCY']);
    expect(result?.warnings[0]?.message).toContain('symfony/yaml');
  });

  it('uses an unnamed composer.json for direct flags only, and survives a broken one', async () => {
    const unnamed = await run('symfony-app.lock', 'no-name.json');
    expect(unnamed?.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(['symfony/console']);
    expect(unnamed?.edges).toHaveLength(6);
    const broken = await run('symfony-app.lock', '{ "require": ');
    expect(broken?.packages.every((p) => p.direct === null)).toBe(true);
    expect(broken?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_MANIFEST_UNREADABLE']);
  });

  it.each([
    ['truncated.lock', 'ERR_OSPO_PARSE', 14],
    ['wrong-shape.lock', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(composerLock, 'composer.lock', [...files.values()]);
  });
});
