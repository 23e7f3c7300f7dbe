import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { scopeOf } from './extract.js';
import { gradleLockfile } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string, at = 'gradle.lockfile') => extractText(gradleLockfile, at, files.get(name) ?? '');
const rows = (result: Awaited<ReturnType<typeof run>>) => result?.packages.map((p) => [p.purl, p.scope]);

describe('gradle-lockfile', () => {
  it.each([
    ['gradle.lockfile', true],
    ['app/gradle.lockfile', true],
    ['buildscript-gradle.lockfile', true],
    ['settings-gradle.lockfile', true],
    ['gradle/dependency-locks/compileClasspath.lockfile', true],
    ['lib/gradle/dependency-locks/buildscript-classpath.lockfile', true],
    ['gradle/compileClasspath.lockfile', false],
    ['Gemfile.lock', false],
    ['my-gradle.lockfile', false],
  ])('matches %s: %s', (file, expected) => {
    expect(gradleLockfile.matches(file)).toBe(expected);
  });

  it('reads a Gradle 8 lockfile: scopes from configurations, each version kept, no direct flag', async () => {
    const result = await run('gradle-8-project.lockfile');
    expect(rows(result)).toEqual([
      ['pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.17.1', 'prod'],
      ['pkg:maven/com.fasterxml.jackson.core/jackson-core@2.17.1', 'prod'],
      ['pkg:maven/com.google.guava/guava@32.1.3-jre', 'prod'],
      ['pkg:maven/com.google.guava/guava@33.2.0-jre', 'prod'],
      ['pkg:maven/net.bytebuddy/byte-buddy@1.14.15', 'dev'],
      ['pkg:maven/org.junit.jupiter/junit-jupiter-api@5.10.2', 'dev'],
      ['pkg:maven/org.mapstruct/mapstruct-processor@1.5.5.Final', 'unknown'],
      ['pkg:maven/org.projectlombok/lombok@1.18.32', 'prod'],
    ]);
    const guava = result?.packages[3];
    expect([guava?.name, guava?.version, guava?.ecosystem]).toEqual([
      'com.google.guava:guava',
      '33.2.0-jre',
      'Maven',
    ]);
    expect(result?.packages.every((p) => p.direct === null && p.licenses.length === 0)).toBe(true);
    expect(result?.edges).toEqual([]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads Android variant configurations', async () => {
    expect(rows(await run('android-variants.lockfile', 'app/gradle.lockfile'))).toEqual([
      ['pkg:maven/androidx.annotation/annotation@1.8.0', 'prod'],
      ['pkg:maven/androidx.test/core@1.5.0', 'dev'],
      ['pkg:maven/junit/junit@4.13.2', 'dev'],
      ['pkg:maven/org.jetbrains.kotlin/kotlin-compiler-embeddable@1.9.24', 'unknown'],
    ]);
  });

  it('leaves the scope of build plugins (buildscript lockfiles) unknown', async () => {
    expect(rows(await run('buildscript.lockfile', 'buildscript-gradle.lockfile'))).toEqual([
      ['pkg:maven/com.diffplug.spotless/spotless-plugin-gradle@6.25.0', 'unknown'],
      ['pkg:maven/org.jetbrains.kotlin/kotlin-gradle-plugin@1.9.24', 'unknown'],
    ]);
    const legacy = await run(
      'gradle-5-buildscript-classpath.lockfile',
      'gradle/dependency-locks/buildscript-classpath.lockfile',
    );
    expect(rows(legacy)).toEqual([
      ['pkg:maven/gradle.plugin.com.github.spotbugs/spotbugs-gradle-plugin@2.0.0', 'unknown'],
    ]);
  });

  it('reads Gradle 5 per-configuration lockfiles, the file name being the configuration', async () => {
    const main = await run(
      'gradle-5-compileClasspath.lockfile',
      'gradle/dependency-locks/compileClasspath.lockfile',
    );
    expect(rows(main)).toEqual([
      ['pkg:maven/org.apache.commons/commons-lang3@3.9', 'prod'],
      ['pkg:maven/org.springframework/spring-beans@5.1.9.RELEASE', 'prod'],
      ['pkg:maven/org.springframework/spring-core@5.1.9.RELEASE', 'prod'],
      ['pkg:maven/org.springframework/spring-jcl@5.1.9.RELEASE', 'prod'],
    ]);
    const test = await run(
      'gradle-5-testRuntimeClasspath.lockfile',
      'gradle/dependency-locks/testRuntimeClasspath.lockfile',
    );
    expect(rows(test)).toEqual([
      ['pkg:maven/junit/junit@4.12', 'dev'],
      ['pkg:maven/org.hamcrest/hamcrest-core@1.3', 'dev'],
    ]);
  });

  it.each([
    [['testCompileClasspath', 'testRuntimeClasspath'], 'dev'],
    [['integrationTestRuntimeClasspath'], 'dev'],
    [['runtimeClasspath', 'testRuntimeClasspath'], 'prod'],
    [['productionRuntimeClasspath'], 'prod'],
    [['implementation'], 'prod'],
    [['annotationProcessor', 'testAnnotationProcessor'], 'unknown'],
    [['jacocoAgent'], 'unknown'],
    [[], 'unknown'],
  ] as const)('scopes %j as %s', (configurations, scope) => {
    expect(scopeOf([...configurations])).toBe(scope);
  });

  it.each([
    ['missing-configurations.lockfile', 'ERR_OSPO_PARSE', 5],
    ['not-a-lockfile.lockfile', 'ERR_OSPO_PARSE', 1],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(gradleLockfile, 'gradle.lockfile', [...files.values()]);
    await fuzzExtractor(
      gradleLockfile,
      'gradle/dependency-locks/compileClasspath.lockfile',
      [...files.values()],
      100,
    );
  });
});
