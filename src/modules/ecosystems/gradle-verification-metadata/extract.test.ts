import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { gradleVerificationMetadata } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) =>
  extractText(gradleVerificationMetadata, 'gradle/verification-metadata.xml', files.get(name) ?? '');
const purls = (result: Awaited<ReturnType<typeof run>>) => result?.packages.map((p) => p.purl);

describe('gradle-verification-metadata', () => {
  it.each([
    ['gradle/verification-metadata.xml', true],
    ['tools/build-logic/gradle/verification-metadata.xml', true],
    ['verification-metadata.xml', false],
    ['gradle/verification-metadata.dryrun.xml', false],
    ['gradle/libs.versions.toml', false],
  ])('matches %s: %s', (file, expected) => {
    expect(gradleVerificationMetadata.matches(file)).toBe(expected);
  });

  it('lists every component, each version kept, ignoring artifacts and configuration', async () => {
    const result = await run('sha256-components.xml');
    expect(purls(result)).toEqual([
      'pkg:maven/com.google.code.findbugs/jsr305@3.0.2',
      'pkg:maven/com.google.guava/guava@31.1-jre',
      'pkg:maven/com.google.guava/guava@33.2.0-jre',
      'pkg:maven/org.jetbrains.kotlin.jvm/org.jetbrains.kotlin.jvm.gradle.plugin@1.9.24',
    ]);
    expect(result?.packages[1]).toEqual({
      ecosystem: 'Maven',
      name: 'com.google.guava:guava',
      version: '31.1-jre',
      purl: 'pkg:maven/com.google.guava/guava@31.1-jre',
      scope: 'unknown',
      direct: null,
      licenses: [],
    });
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.direct === null)).toBe(true);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads one component (an object, not an array) and an empty <components/>', async () => {
    expect(purls(await run('single-component.xml'))).toEqual([
      'pkg:maven/org.apiguardian/apiguardian-api@1.1.2',
    ]);
    expect(await run('no-components.xml')).toEqual({ packages: [], edges: [], warnings: [] });
  });

  it('skips a component without a version, with a warning', async () => {
    const result = await run('component-without-version.xml');
    expect(purls(result)).toEqual(['pkg:maven/org.slf4j/slf4j-api@2.0.13']);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_INVALID_PACKAGE']);
  });

  it.each([
    ['truncated.xml', 'ERR_OSPO_PARSE', 8],
    ['not-verification-metadata.xml', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(gradleVerificationMetadata, 'gradle/verification-metadata.xml', [...files.values()]);
  });
});
