import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../core/inventory.js';
import { ResultEncoder } from './compact.js';
import { edgeJson, jsonReportBytes, packageWriter } from './json-report.js';
import { InventoryMerger, sortedOrder } from './merge.js';

/** The report's JSON as one text. */
const jsonText = (report: Parameters<typeof jsonReportBytes>[0]) =>
  Buffer.concat([...jsonReportBytes(report)]).toString('utf8');

const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, peer: 2, dev: 1, unknown: 0 };

/** The plain way to merge: what InventoryMerger must give, whichever encoders the results came through. */
function reference(files: { path: string; result: ExtractResult }[]) {
  const byPurl = new Map<string, ExtractedPackage & { locations: { path: string }[] }>();
  const edges = new Set<string>();
  for (const { path, result } of files) {
    for (const p of result.packages) {
      const seen = byPurl.get(p.purl);
      if (!seen) {
        byPurl.set(p.purl, { ...p, licenses: [...p.licenses], locations: [{ path }] });
        continue;
      }
      if (!seen.locations.some((l) => l.path === path)) seen.locations.push({ path });
      if (scopeRank[p.scope] > scopeRank[seen.scope]) seen.scope = p.scope;
      if (p.direct === true || (seen.direct === null && p.direct === false)) seen.direct = p.direct;
      for (const l of p.licenses) if (!seen.licenses.includes(l)) seen.licenses.push(l);
    }
    for (const e of result.edges) edges.add(JSON.stringify([e.from, e.to]));
  }
  const packages = [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : 1));
  const sorted = [...edges]
    .map((e) => JSON.parse(e) as [string, string])
    .sort(([a, b], [c, d]) => (a !== c ? (a < c ? -1 : 1) : b < d ? -1 : b > d ? 1 : 0));
  return { packages, edges: sorted.map(([from, to]) => ({ from, to })) };
}

const name = fc.constantFrom('a', 'b', 'c', '@s/d', 'e');
const pkg = fc.record({
  name,
  version: fc.constantFrom('1.0.0', '2.0.0', null),
  scope: fc.constantFrom<Scope>('prod', 'dev', 'optional', 'peer', 'unknown'),
  direct: fc.constantFrom(true, false, null),
  licenses: fc.subarray(['MIT', 'ISC', 'Apache-2.0']),
});
const file = fc.record({
  path: fc.constantFrom('x/package-lock.json', 'y/yarn.lock', 'z/pnpm-lock.yaml', 'x/package-lock.json'),
  packages: fc.array(pkg, { maxLength: 6 }),
  edges: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 8 }),
});

interface PackageSpec {
  name: string;
  version: string | null;
  scope: Scope;
  direct: boolean | null;
  licenses: string[];
}

function toResult(f: { packages: PackageSpec[]; edges: [number, number][] }): ExtractResult {
  const packages = f.packages.map((p) => ({
    ecosystem: 'npm' as const,
    name: p.name,
    version: p.version,
    purl: `pkg:npm/${p.name.replace('@', '%40')}${p.version ? `@${p.version}` : ''}`,
    scope: p.scope,
    direct: p.direct,
    licenses: p.licenses,
  }));
  // edges between these packages, and to a project root that is not a package
  const nodes = [...packages.map((p) => p.purl), 'pkg:npm/root@0.0.0'];
  const edges = f.edges.map(([a, b]) => ({
    from: nodes[a % nodes.length] as string,
    to: nodes[b % nodes.length] as string,
  }));
  return { packages, edges, warnings: [] };
}

describe('InventoryMerger', () => {
  it('merges like the plain way, whichever encoder each result came through and in whatever order they arrive', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 8 }), fc.array(fc.nat(2), { maxLength: 8 }), (raw, sources) => {
        const files = raw.map((f) => ({ path: f.path, result: toResult(f) }));
        const encoders = [new ResultEncoder(), new ResultEncoder(), new ResultEncoder()];
        const merger = new InventoryMerger();
        // every encoder's results registered as they "arrive" (all first), then merged in walk order
        const encoded = files.map((f, i) => {
          const source = sources[i] ?? 0;
          const compact = (encoders[source] as ResultEncoder).encode(f.result);
          merger.register(source, compact);
          return { source, compact, path: f.path };
        });
        for (const e of encoded) merger.merge(e.source, e.compact, e.path);
        const expected = reference(files);
        expect(merger.finish().packages()).toEqual(expected.packages);
        expect(merger.finish().edges()).toEqual(expected.edges);
        expect(merger.found).toBe(files.reduce((n, f) => n + f.result.packages.length, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses results of one encoder out of their order', () => {
    const encoder = new ResultEncoder();
    const first = encoder.encode(toResult({ packages: [], edges: [] }));
    const onePackage = { name: 'a', version: '1.0.0', scope: 'prod' as const, direct: true, licenses: [] };
    const second = encoder.encode(toResult({ packages: [onePackage], edges: [] }));
    const third = encoder.encode(toResult({ packages: [{ ...onePackage, name: 'b' }], edges: [] }));
    const merger = new InventoryMerger();
    merger.register(1, first);
    expect(() => merger.register(1, third)).toThrow(/out of order/);
    merger.register(1, second);
    merger.register(1, third);
  });
});

describe('sortedOrder', () => {
  const byCompare = (strings: string[]) =>
    strings.map((_, i) => i).sort((a, b) => ((strings[a] as string) < (strings[b] as string) ? -1 : 1));

  it('orders distinct strings as `<` does: shared prefixes, prefixes of each other, any code unit', () => {
    const piece = fc.constantFrom(
      'pkg:npm/',
      'pkg:cargo/',
      'a',
      'b',
      '@',
      '\u0000',
      '\u00fe',
      '\u00ff',
      'Ā',
      '\ud800',
      '😀',
    );
    const word = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(word, fc.string(), fc.string({ unit: 'binary' })), { maxLength: 300 }),
        (strings) => {
          expect(Array.from(sortedOrder(strings))).toEqual(byCompare(strings));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders a large set of purls', () => {
    const purls = Array.from(
      { length: 20_000 },
      (_, i) => `pkg:npm/p${(i * 7919) % 20_000}@${i % 13}.${i % 7}.0`,
    );
    purls.push('pkg:npm/p1', 'pkg:npm/p1@', 'pkg:npm/p1@1.0.0-ü', 'pkg:npm/p1@1.0.0-\u00ff');
    expect(Array.from(sortedOrder(purls))).toEqual(byCompare(purls));
  });
});

describe('edgeJson', () => {
  it('writes an edge exactly as JSON.stringify does', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('pkg:npm/a@1', 'a"b', 'a\\b', '\u0001', '\ud800'),
    );
    fc.assert(
      fc.property(text, text, (from, to) => {
        expect(edgeJson({ from, to })).toBe(JSON.stringify({ from, to }));
      }),
    );
  });
});

describe('packageWriter', () => {
  it('writes a package exactly as JSON.stringify does, with shared and odd locations, or other keys', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('a"b', 'a\\b', '\u0001', '\ud800', 'pkg:npm/%40s/d@1'),
    );
    const shared = [{ path: 'a/package-lock.json' }, { path: 'b "quoted"/yarn.lock' }];
    const location = fc.oneof(
      fc.constantFrom(...shared),
      text.map((path) => ({ path })),
    );
    const p = fc.record({
      ecosystem: fc.constantFrom('npm', 'PyPI'),
      name: text,
      version: fc.option(text),
      purl: text,
      scope: fc.constantFrom('prod', 'dev'),
      direct: fc.constantFrom(true, false, null),
      locations: fc.array(location, { maxLength: 3 }),
      licenses: fc.array(text, { maxLength: 2 }),
    });
    const odd = p.map(({ purl, ...rest }) => ({ ...rest, purl, extra: 1 }));
    const write = packageWriter();
    fc.assert(
      fc.property(fc.oneof(p, odd), (value) => {
        expect(write(value)).toBe(JSON.stringify(value));
      }),
    );
  });
});

describe('jsonReportBytes', () => {
  it('writes the report as one JSON.stringify per item, one item per line, in chunks', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('pkg:npm/a@1', 'pkg:npm/b@1', 'a"b', 'a\\b', '\u0001', '\ud800', 'pkg:npm/%40s/d@1'),
    );
    const location = { path: 'a/package-lock.json' };
    const p = fc.record({
      ecosystem: fc.constantFrom('npm' as const, 'PyPI' as const),
      name: text,
      version: fc.option(text),
      purl: text,
      scope: fc.constantFrom('prod' as const, 'dev' as const),
      direct: fc.constantFrom(true, false, null),
      locations: fc.constant([location] as { path: string }[]),
      licenses: fc.array(text, { maxLength: 2 }),
    });
    // edges in runs from one purl, as the merger sorts them
    const edges = fc
      .array(fc.tuple(text, fc.array(text, { minLength: 1, maxLength: 4 })), { maxLength: 6 })
      .map((runs) => runs.flatMap(([from, tos]) => tos.map((to) => ({ from, to }))));
    const files = fc.array(
      fc.record({
        path: text,
        format: fc.constant('npm-package-lock'),
        packages: fc.nat(),
        warnings: fc.constant([] as ExtractWarning[]),
      }),
      { maxLength: 2 },
    );
    const errors = fc.array(fc.record({ path: text, code: fc.constant('ERR_OSPO_PARSE'), message: text }), {
      maxLength: 2,
    });
    const section = (items: unknown[]) =>
      items.length === 0 ? '[]' : `[${items.map((i) => `\n  ${JSON.stringify(i)}`).join(',')}\n]`;
    fc.assert(
      fc.property(
        fc.array(p, { maxLength: 5 }),
        edges,
        files,
        errors,
        (packages, dependencies, files, errors) => {
          const report = { packages, dependencies, files, errors };
          const expected =
            `{\n"packages": ${section(packages)},\n"dependencies": ${section(dependencies)},` +
            `\n"files": ${section(files)},\n"errors": ${section(errors)}\n}\n`;
          expect(jsonText(report)).toBe(expected);
        },
      ),
    );
  });

  it('escapes what needs it in any batch of a long report, and only there', () => {
    const location = { path: 'a/package-lock.json' };
    const packages = Array.from({ length: 9000 }, (_, i) => ({
      ecosystem: 'npm' as const,
      name: i === 5000 ? 'a"b' : `p${i}`,
      version: i === 8500 ? '\ud800' : '1.0.0',
      purl: `pkg:npm/p${i}@1.0.0`,
      scope: 'prod' as const,
      direct: i % 3 === 0 ? null : i % 2 === 0,
      locations: [location],
      licenses: i % 7 === 0 ? ['MIT'] : [],
    }));
    const dependencies = Array.from({ length: 9000 }, (_, i) => ({
      from: `pkg:npm/p${Math.floor(i / 3)}@1.0.0`,
      to: i === 6000 ? 'x\\y' : `pkg:npm/p${i}@1.0.0`,
    }));
    const report = { packages, dependencies, files: [], errors: [] };
    const section = (items: unknown[]) => `[${items.map((i) => `\n  ${JSON.stringify(i)}`).join(',')}\n]`;
    const expected =
      `{\n"packages": ${section(packages)},\n"dependencies": ${section(dependencies)},` +
      '\n"files": [],\n"errors": []\n}\n';
    expect(jsonText(report)).toBe(expected);
  });
});
