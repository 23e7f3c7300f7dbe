import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { mavenPom } from './index.js';
import { resolvePath } from './parents.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const text = (name: string) => files.get(name) ?? '';
const run = (name: string, at = 'pom.xml', others: Record<string, string> = {}) =>
  extractText(mavenPom, at, text(name), others);
const rows = (result: Awaited<ReturnType<typeof run>>) =>
  result?.packages.map((p) => [p.purl, p.version, p.scope, p.direct]);
const codes = (result: Awaited<ReturnType<typeof run>>) => result?.warnings.map((w) => w.code);

describe('maven-pom', () => {
  it('matches pom.xml anywhere, and nothing else', () => {
    expect(mavenPom.matches('pom.xml')).toBe(true);
    expect(mavenPom.matches('services/billing/pom.xml')).toBe(true);
    expect(mavenPom.matches('guava-33.2.0.pom')).toBe(false);
    expect(mavenPom.matches('mypom.xml')).toBe(false);
    expect(mavenPom.matches('pom.xml.bak')).toBe(false);
  });

  it('reads scopes, optional, properties and local dependencyManagement; skips itself and plugins', async () => {
    const result = await run('standalone-scopes.xml');
    expect(rows(result)).toEqual([
      ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1', '2.17.1', 'prod', true],
      ['pkg:maven/org.slf4j/slf4j-api@2.0.13', '2.0.13', 'prod', true],
      ['pkg:maven/ch.qos.logback/logback-classic@1.5.6', '1.5.6', 'prod', true],
      ['pkg:maven/jakarta.servlet/jakarta.servlet-api@6.0.0', '6.0.0', 'unknown', true],
      ['pkg:maven/com.oracle/ojdbc@19.3', '19.3', 'unknown', true],
      ['pkg:maven/org.postgresql/postgresql@42.7.3', '42.7.3', 'optional', true],
      ['pkg:maven/com.example.billing/billing-api@2.3.0-SNAPSHOT', '2.3.0-SNAPSHOT', 'prod', true],
      ['pkg:maven/org.junit.jupiter/junit-jupiter@5.10.2', '5.10.2', 'dev', true],
    ]);
    expect(result?.packages[0]?.name).toBe('com.fasterxml.jackson.core:jackson-databind');
    expect(result?.packages.every((p) => p.ecosystem === 'Maven' && p.licenses.length === 0)).toBe(true);
    const root = 'pkg:maven/com.example.billing/billing-service@2.3.0-SNAPSHOT';
    expect(result?.edges).toHaveLength(8);
    expect(result?.edges).toContainEqual({ from: root, to: 'pkg:maven/org.slf4j/slf4j-api@2.0.13' });
    expect(result?.warnings).toEqual([]);
  });

  it('normalizes a single dependency and an empty <dependencies/>', async () => {
    expect(rows(await run('single-dependency.xml'))).toEqual([
      ['pkg:maven/junit/junit@4.13.2', '4.13.2', 'dev', true],
    ]);
    expect(await run('empty-project.xml')).toEqual({ packages: [], edges: [], warnings: [] });
  });

  it('leaves ranges, unknown and cyclic properties and BOM-managed versions null, with warnings', async () => {
    const result = await run('unresolved-versions.xml');
    expect(rows(result)).toEqual([
      ['pkg:maven/commons-io/commons-io', null, 'prod', true],
      ['pkg:maven/software.amazon.awssdk/s3', null, 'prod', true],
      ['pkg:maven/org.apache.commons/commons-lang3', null, 'prod', true],
      ['pkg:maven/org.yaml/snakeyaml', null, 'prod', true],
      ['pkg:maven/com.h2database/h2', null, 'dev', true],
    ]);
    expect(codes(result)).toEqual([
      'ERR_OSPO_UNRESOLVED_BOM',
      'ERR_OSPO_VERSION_RANGE',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_VERSION_RANGE',
    ]);
    expect(result?.edges[0]?.from).toBe('pkg:maven/org.example/legacy-batch@1.4.0');
  });

  it('chains parents through relativePath: properties, dependencyManagement, groupId and version', async () => {
    const result = await run('chain-child.xml', 'shop/shop-orders/pom.xml', {
      'shop/pom.xml': text('chain-parent.xml'),
      'platform/pom.xml': text('chain-platform.xml'),
    });
    expect(rows(result)).toEqual([
      ['pkg:maven/io.acme.shop/shop-model@5.1.0', '5.1.0', 'prod', true],
      ['pkg:maven/io.netty/netty-handler@4.1.110.Final', '4.1.110.Final', 'prod', true],
      ['pkg:maven/org.apache.kafka/kafka-clients@3.7.0', '3.7.0', 'prod', true],
      ['pkg:maven/org.mockito/mockito-core@5.12.0', '5.12.0', 'dev', true],
    ]);
    expect(result?.edges.map((e) => e.from)).toEqual(
      Array(4).fill('pkg:maven/io.acme.shop/shop-orders@5.1.0'),
    );
    expect(result?.warnings).toEqual([]);
  });

  it('carries on with what <parent> says when the parent is missing or another pom', async () => {
    const missing = await run('chain-child.xml', 'shop/shop-orders/pom.xml');
    expect(codes(missing)).toEqual([
      'ERR_OSPO_UNRESOLVED_PARENT',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_UNRESOLVED_VERSION',
    ]);
    expect(missing?.packages[0]?.purl).toBe('pkg:maven/io.acme.shop/shop-model@5.1.0');

    const other = await run('parent-mismatch.xml', 'tools/cli/pom.xml', {
      'tools/pom.xml': text('chain-platform.xml'),
    });
    expect(codes(other)).toEqual(['ERR_OSPO_UNRESOLVED_PARENT']);
    expect(rows(other)).toEqual([
      ['pkg:maven/info.picocli/picocli@4.7.6', '4.7.6', 'prod', true],
      ['pkg:maven/org.example.tools/tools-core@7', '7', 'prod', true],
    ]);
    expect(other?.edges[0]?.from).toBe('pkg:maven/org.example.tools/cli@7');

    const broken = await run('parent-mismatch.xml', 'tools/cli/pom.xml', {
      'tools/pom.xml': text('not-xml.xml'),
    });
    expect(codes(broken)).toEqual(['ERR_OSPO_UNRESOLVED_PARENT']);
  });

  it('does not look for a parent with an empty relativePath (a parent from a repository)', async () => {
    const result = await run('parent-from-repository.xml', 'pom.xml', {
      '../pom.xml': text('chain-parent.xml'),
    });
    expect(rows(result)).toEqual([
      ['pkg:maven/org.springframework.boot/spring-boot-starter-web', null, 'prod', true],
      ['pkg:maven/org.springframework.boot/spring-boot-starter-test', null, 'dev', true],
    ]);
    expect(codes(result)).toEqual([
      'ERR_OSPO_UNRESOLVED_PARENT',
      'ERR_OSPO_UNRESOLVED_VERSION',
      'ERR_OSPO_UNRESOLVED_VERSION',
    ]);
  });

  it('stops a parent chain that loops back', async () => {
    const result = await run('cycle-a.xml', 'loop/a/pom.xml', {
      'loop/b/pom.xml': text('cycle-b.xml'),
      'loop/a/pom.xml': text('cycle-a.xml'),
    });
    expect(rows(result)).toEqual([['pkg:maven/org.ow2.asm/asm@9.7', '9.7', 'prod', true]]);
    expect(codes(result)).toEqual(['ERR_OSPO_UNRESOLVED_PARENT']);
  });

  it.each([
    ['pom.xml', '../pom.xml', null],
    ['a/b/pom.xml', '../pom.xml', 'a/pom.xml'],
    ['a/b/pom.xml', '../../parent', 'parent/pom.xml'],
    ['a/b/pom.xml', './../c/./my-parent.xml', 'a/c/my-parent.xml'],
    ['a/pom.xml', '/etc/pom.xml', null],
  ])('resolves relativePath from %s: %s -> %s', (from, relative, expected) => {
    expect(resolvePath(from, relative)).toBe(expected);
  });

  it.each([
    ['not-xml.xml', 'ERR_OSPO_PARSE', 6],
    ['not-a-pom.xml', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(mavenPom, 'pom.xml', [...files.values()]);
  });
});
