import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { readGemfileGroups } from './gemfile.js';
import { gemfileLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, as = 'app/Gemfile.lock', gemfile?: [string, string]) =>
  extractText(
    gemfileLock,
    as,
    files.get(name) ?? '',
    gemfile ? { [gemfile[0]]: files.get(gemfile[1]) ?? '' } : {},
  );
const row = (p: { purl: string; scope: string; direct: boolean | null }) => [p.purl, p.scope, p.direct];

describe('gemfile-lock', () => {
  it.each([
    ['Gemfile.lock', true],
    ['apps/api/Gemfile.lock', true],
    ['gems.locked', true],
    ['Gemfile', false],
    ['my-Gemfile.lock', false],
    ['constructor', false],
  ])('matches %s: %s', (file, expected) => {
    expect(gemfileLock.matches(file)).toBe(expected);
  });

  it('reads GIT and GEM specs, folds platform variants, scopes from the Gemfile', async () => {
    const result = await run('rails-app.lock', 'app/Gemfile.lock', ['app/Gemfile', 'rails-app.Gemfile']);
    expect(result?.packages.map(row)).toEqual([
      ['pkg:gem/devise@4.9.3', 'prod', true],
      ['pkg:gem/bcrypt@3.1.20', 'unknown', false],
      ['pkg:gem/debug@1.9.2', 'dev', true],
      ['pkg:gem/irb@1.12.0', 'unknown', false],
      ['pkg:gem/mini_portile2@2.8.5', 'unknown', false],
      ['pkg:gem/nokogiri@1.16.2', 'prod', true],
      ['pkg:gem/orm_adapter@0.5.0', 'unknown', false],
      ['pkg:gem/pg@1.5.6', 'prod', true],
      ['pkg:gem/puma@6.4.2', 'prod', true],
      ['pkg:gem/nio4r@2.7.0', 'unknown', false],
      ['pkg:gem/racc@1.7.3', 'unknown', false],
      ['pkg:gem/rack@3.0.9.1', 'unknown', false],
      ['pkg:gem/railties@7.1.3', 'prod', true],
      ['pkg:gem/rspec-core@3.13.0', 'unknown', false],
      ['pkg:gem/rspec-rails@6.1.1', 'dev', true],
      ['pkg:gem/tzinfo-data@1.2024.1', 'prod', true],
    ]);
    const nokogiri = 'pkg:gem/nokogiri@1.16.2';
    expect(result?.edges.filter((e) => e.from === nokogiri)).toEqual([
      { from: nokogiri, to: 'pkg:gem/mini_portile2@2.8.5' },
      { from: nokogiri, to: 'pkg:gem/racc@1.7.3' },
    ]);
    expect(result?.edges).toContainEqual({ from: 'pkg:gem/devise@4.9.3', to: 'pkg:gem/railties@7.1.3' });
    expect(result?.edges).toContainEqual({ from: 'pkg:gem/railties@7.1.3', to: 'pkg:gem/irb@1.12.0' });
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([['ERR_OSPO_UNRESOLVED_DEPENDENCY', 41]]);
  });

  it('without a Gemfile: no scopes, direct flags from DEPENDENCIES', async () => {
    const result = await run('rails-app.lock');
    expect(result?.packages.every((p) => p.scope === 'unknown')).toBe(true);
    expect(result?.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      'devise',
      'debug',
      'nokogiri',
      'pg',
      'puma',
      'railties',
      'rspec-rails',
      'tzinfo-data',
    ]);
  });

  it('leaves PATH gems out, makes their dependencies direct, reads gemspec dev dependencies', async () => {
    const result = await run('gemspec-path.lock', 'gems.locked', ['gems.rb', 'gemspec-path.Gemfile']);
    expect(result?.packages.map(row)).toEqual([
      ['pkg:gem/ast@2.4.2', 'unknown', false],
      ['pkg:gem/faraday@2.9.0', 'prod', true],
      ['pkg:gem/faraday-net_http@3.1.0', 'unknown', false],
      ['pkg:gem/faraday-retry@2.2.0', 'prod', true],
      ['pkg:gem/net-http@0.4.1', 'unknown', false],
      ['pkg:gem/parser@3.3.0.5', 'unknown', false],
      ['pkg:gem/rake@13.1.0', 'dev', true],
      ['pkg:gem/rubocop@1.60.2', 'dev', true],
    ]);
    expect(result?.edges).toContainEqual({
      from: 'pkg:gem/acme-client@0.3.0',
      to: 'pkg:gem/faraday@2.9.0',
    });
    expect(result?.warnings.map((w) => [w.code, w.line])).toEqual([
      ['ERR_OSPO_UNRESOLVED_DEPENDENCY', 19],
      ['ERR_OSPO_UNRESOLVED_DEPENDENCY', 22],
    ]);
  });

  it.each([
    ['gem "rspec", groups: [:development, :test]', ['development', 'test']],
    ['gem "rubocop", require: false, group: %i[lint development]', ['lint', 'development']],
    ["gem 'pry', :group => :development # debugging", ['development']],
    ['gem("rails", "~> 7.1")', ['default']],
  ])('reads the groups of %s', (line, groups) => {
    expect([...(readGemfileGroups(line).groups.values().next().value ?? [])]).toEqual(groups);
  });

  it.each([
    ['merge-conflict.lock', 4],
    ['bad-spec.lock', 5],
    ['rails-app.Gemfile', 1],
  ])('reports %s as ERR_OSPO_PARSE at line %i', async (name, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe('ERR_OSPO_PARSE');
    expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(gemfileLock, 'Gemfile.lock', [...files.values()]);
  });
});
