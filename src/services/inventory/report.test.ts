import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../../../bench/generate-monorepo.js';
import type { DependencyEdge, ExtractResult, Scope } from '../../core/inventory.js';
import { sbomFormats } from '../../modules/sbom/index.js';
import { ResultEncoder } from './compact.js';
import { jsonReportBytes } from './json-report.js';
import { InventoryMerger } from './merge.js';
import { scanExtractors } from './plugins.js';
import {
  type InventoryPackage,
  inventoryBehind,
  mergedReport,
  reportCounts,
  type ScanReport,
} from './report.js';
import { reportToInventory } from './sbom.js';
import { scanPaths } from './scan.js';

/** The report's JSON as one text. */
const jsonText = (report: Parameters<typeof jsonReportBytes>[0]) =>
  Buffer.concat([...jsonReportBytes(report)]).toString('utf8');

const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, peer: 2, dev: 1, unknown: 0 };

/** Packages and edges merged the plain way (objects and string keys), in report order. */
function plainMerge(files: { path: string; result: ExtractResult }[]) {
  const byPurl = new Map<string, InventoryPackage>();
  const edges = new Map<string, DependencyEdge>();
  for (const { path: where, result } of files) {
    for (const p of result.packages) {
      const seen = byPurl.get(p.purl);
      if (!seen) {
        const { ecosystem, name, version, purl, scope, direct } = p;
        const locations = [{ path: where }];
        byPurl.set(purl, {
          ecosystem,
          name,
          version,
          purl,
          scope,
          direct,
          locations,
          licenses: [...p.licenses],
        });
        continue;
      }
      if (!seen.locations.some((l) => l.path === where)) seen.locations.push({ path: where });
      if (scopeRank[p.scope] > scopeRank[seen.scope]) seen.scope = p.scope;
      if (p.direct === true || (seen.direct === null && p.direct === false)) seen.direct = p.direct;
      for (const l of p.licenses) if (!seen.licenses.includes(l)) seen.licenses.push(l);
    }
    for (const e of result.edges) edges.set(JSON.stringify([e.from, e.to]), { from: e.from, to: e.to });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    packages: [...byPurl.values()].sort((a, b) => cmp(a.purl, b.purl)),
    dependencies: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)),
  };
}

/** The report's JSON as JSON.stringify writes each item, one per line. */
function expectedJson(report: ScanReport): string {
  const section = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[${items.map((i) => `\n  ${JSON.stringify(i)}`).join(',')}\n]`;
  return (
    `{\n"packages": ${section(report.packages)},\n"dependencies": ${section(report.dependencies)},` +
    `\n"files": ${section(report.files)},\n"errors": ${section(report.errors)}\n}\n`
  );
}

const stamps = {
  toolVersion: '0.0.0-test',
  timestamp: '2026-12-02T00:00:00.000Z',
  serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000',
};

describe('the report of a scan, over its merged inventory', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-report-'));
    generateMonorepo({ out: root, filesPerFormat: 2, packagesPerFile: 40 });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes the JSON, CycloneDX and SPDX of the plain merge, without building its arrays for JSON', async () => {
    const report = await scanPaths([root], { extractors: scanExtractors, cwd: root });
    expect(report.files).toHaveLength(20);
    const results = await Promise.all(
      report.files.map(async (f) => {
        const extractor = scanExtractors.find((e) => e.id === f.format);
        const content = fs.readFileSync(path.join(root, f.path), 'utf8');
        const result = await extractor?.extract({ path: f.path, content, readFile: async () => null });
        return { path: f.path, result: result as ExtractResult };
      }),
    );
    const plain = { ...plainMerge(results), files: report.files, errors: report.errors };
    expect(plain.dependencies.length).toBeGreaterThan(100);

    expect(reportCounts(report)).toEqual({
      packages: plain.packages.length,
      dependencies: plain.dependencies.length,
    });
    const behind = inventoryBehind(report);
    expect(behind.packages).not.toBeNull();
    expect(behind.dependencies).not.toBeNull();
    const json = jsonText(report);
    // written from the numbers: the arrays are still not built
    expect(inventoryBehind(report).packages).not.toBeNull();
    expect(json).toBe(expectedJson(plain));
    expect(json).toBe(jsonText(plain));

    expect(report.packages).toEqual(plain.packages);
    expect(report.dependencies).toEqual(plain.dependencies);
    for (const id of ['cyclonedx-json', 'spdx-json', 'spdx3-jsonld']) {
      const format = sbomFormats.find((f) => f.id === id);
      const write = (r: ScanReport) => format?.write?.(reportToInventory(r, root), stamps);
      expect(write(report), id).toBe(write(plain));
    }
  });

  it('builds its arrays once when read, keeps them, and writes what they hold from then on', async () => {
    const report = await scanPaths([root], { extractors: scanExtractors, cwd: root });
    expect(Object.keys(report)).toEqual(['packages', 'dependencies', 'files', 'errors']);
    const packages = report.packages;
    expect(report.packages).toBe(packages);
    expect(inventoryBehind(report).packages).toBeNull();
    expect(inventoryBehind(report).dependencies).not.toBeNull();
    // a change to the array read shows in the JSON
    packages.splice(1);
    expect(reportCounts(report).packages).toBe(1);
    const json = jsonText(report);
    expect(JSON.parse(json).packages).toEqual(packages);
    expect(JSON.stringify(report)).toBe(
      JSON.stringify({
        packages,
        dependencies: report.dependencies,
        files: report.files,
        errors: report.errors,
      }),
    );
    report.dependencies = [];
    expect(report.dependencies).toEqual([]);
    expect(jsonText(report)).toContain('"dependencies": []');
  });
});

describe('jsonReportBytes over a merged inventory', () => {
  const text = fc.constantFrom('a', 'b', 'q"x', 'b\\s', 'ü', 'é', '\u0001', '\ud800', '😀', '@s/d');
  const pkg = fc.record({
    name: text,
    version: fc.option(fc.constantFrom('1.0.0', '2"0', 'ß'), { nil: null }),
    scope: fc.constantFrom<Scope>('prod', 'dev', 'optional', 'peer', 'unknown'),
    direct: fc.constantFrom(true, false, null),
    licenses: fc.subarray(['MIT', 'ISC', 'Apache-2.0']),
  });
  const file = fc.record({
    path: fc.constantFrom('x/package-lock.json', 'ü "q"/yarn.lock', 'z\\pnpm-lock.yaml'),
    packages: fc.array(pkg, { maxLength: 6 }),
    edges: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 8 }),
  });

  it('writes what JSON.stringify writes of the merged arrays, escapes and all', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 6 }), (raw) => {
        const files = raw.map((f) => {
          const packages = f.packages.map((p) => ({
            ecosystem: 'npm' as const,
            ...p,
            purl: `pkg:npm/${p.name.replace('@', '%40')}${p.version ? `@${p.version}` : ''}`,
          }));
          const nodes = [...packages.map((p) => p.purl), 'pkg:npm/root@0.0.0'];
          const edges = f.edges.map(([a, b]) => ({
            from: nodes[a % nodes.length] as string,
            to: nodes[b % nodes.length] as string,
          }));
          return { path: f.path, result: { packages, edges, warnings: [] } };
        });
        const encoder = new ResultEncoder();
        const merger = new InventoryMerger();
        for (const f of files) {
          const compact = encoder.encode(f.result);
          merger.register(0, compact);
          merger.merge(0, compact, f.path);
        }
        const report = mergedReport(merger.finish(), [], []);
        const expected = expectedJson({ ...plainMerge(files), files: [], errors: [] });
        expect(Buffer.concat([...jsonReportBytes(report)]).toString('utf8')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('ends every chunk between two items, so each is whole UTF-8 on its own', () => {
    const encoder = new ResultEncoder();
    const merger = new InventoryMerger();
    for (let f = 0; f < 40; f++) {
      const packages = Array.from({ length: 500 }, (_, i) => ({
        ecosystem: 'npm' as const,
        name: `p${i}-ü😀`,
        version: `${f}.0.0`,
        purl: `pkg:npm/p${i}-%C3%BC@${f}.0.0`,
        scope: 'prod' as const,
        direct: i === 0,
        licenses: i % 9 === 0 ? ['MIT'] : [],
      }));
      const edges = packages.slice(1).flatMap((p, i) => [
        { from: packages[0]?.purl as string, to: p.purl },
        { from: p.purl, to: packages[(i * 7) % 500]?.purl as string },
      ]);
      const compact = encoder.encode({ packages, edges, warnings: [] });
      merger.register(0, compact);
      merger.merge(0, compact, `project-${f}/package-lock.json`);
    }
    const report = mergedReport(merger.finish(), [], []);
    const chunks = [...jsonReportBytes(report)];
    expect(chunks.length).toBeGreaterThan(3);
    const whole = Buffer.concat(chunks).toString('utf8');
    expect(chunks.map((c) => c.toString('utf8')).join('')).toBe(whole);
    for (const c of chunks.slice(0, -1)) expect(c.toString('utf8')).toMatch(/[}[]$/);
    const parsed = JSON.parse(whole) as ScanReport;
    expect(parsed.packages).toEqual(merger.finish().packages());
    expect(parsed.dependencies).toEqual(merger.finish().edges());
  });
});
