import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DIRTY,
  MANIFEST,
  MATCH_INDEX_FORMAT,
  MatchIndex,
  matchKey,
  SegmentBuilder,
  SegmentReader,
} from './match-index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-match-index-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const tuple = (id: string, ecosystem: string, name: string, fixed = '1.0.0') =>
  JSON.stringify([
    id,
    ecosystem,
    ecosystem,
    name,
    [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    [],
    [],
    null,
    '[]',
  ]);

/** Segment `name` of these records: [id, rows of [ecosystem, name, fixed]]. */
function segment(name: string, records: [string, [string, string, string][]][]): string {
  const builder = new SegmentBuilder();
  for (const [id, rows] of records) {
    const seq = builder.record(id);
    for (const [ecosystem, pkg, fixed] of rows)
      builder.row(seq, matchKey(ecosystem, pkg), tuple(id, ecosystem, pkg, fixed));
  }
  builder.write(path.join(dir, name));
  return name;
}

function manifest(segments: string[], extra: Record<string, unknown> = {}) {
  fs.writeFileSync(
    path.join(dir, MANIFEST),
    JSON.stringify({ format: MATCH_INDEX_FORMAT, schema: 's1', records: 3, segments, ...extra }),
  );
}

async function rowsOf(index: MatchIndex, packages: { ecosystem: string; name: string }[]) {
  const rows: unknown[][] = [];
  for await (const text of index.affectedToMatchTexts(packages, { namesPerQuery: 2 }))
    for (const t of JSON.parse(text) as unknown[][]) rows.push(t);
  return rows.map((t) => `${t[0]} ${t[3]} ${JSON.stringify(t[4])}`);
}

describe('match index segments', () => {
  it('hand back exactly the rows of each key, in the order they were added', () => {
    const name = fc.string({
      minLength: 1,
      maxLength: 12,
      unit: fc.constantFrom('a', 'b', 'é', '"', '\\', '\t', '\n', '-', '𝒳'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('npm', 'PyPI'), name), { minLength: 0, maxLength: 60 }),
        fc.array(fc.tuple(fc.constantFrom('npm', 'PyPI'), name), { maxLength: 10 }),
        (rows, extra) => {
          const builder = new SegmentBuilder();
          const expected = new Map<string, string[]>();
          rows.forEach(([ecosystem, pkg], i) => {
            const seq = builder.record(`ID-${i}`);
            const key = matchKey(ecosystem, pkg);
            const t = tuple(`ID-${i}`, ecosystem, pkg);
            builder.row(seq, key, t);
            expected.set(key, [...(expected.get(key) ?? []), t]);
          });
          const file = path.join(dir, 'p.seg');
          builder.write(file);
          const reader = new SegmentReader(file);
          try {
            const keys = [...rows, ...extra].map(([e, n]) => matchKey(e, n));
            const found = reader.lookup(keys);
            keys.forEach((key, i) => {
              const want = expected.get(key);
              expect(found[i]).toBe(want ? want.join(',') : null);
            });
            expect(reader.ids().size).toBe(rows.length);
          } finally {
            reader.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep only the latest copy of a record written twice into one segment', () => {
    const builder = new SegmentBuilder();
    const first = builder.record('GHSA-1');
    builder.row(first, matchKey('npm', 'a'), tuple('GHSA-1', 'npm', 'a', '1.0.0'));
    builder.row(first, matchKey('npm', 'b'), tuple('GHSA-1', 'npm', 'b', '1.0.0'));
    const other = builder.record('GHSA-2');
    builder.row(other, matchKey('npm', 'a'), tuple('GHSA-2', 'npm', 'a', '3.0.0'));
    const again = builder.record('GHSA-1');
    builder.row(again, matchKey('npm', 'a'), tuple('GHSA-1', 'npm', 'a', '2.0.0'));
    expect(builder.records).toBe(2);
    const file = path.join(dir, 'x.seg');
    expect(builder.write(file)).toMatchObject({ rows: 2, packages: 1 });
    const reader = new SegmentReader(file);
    const [a, b] = reader.lookup([matchKey('npm', 'a'), matchKey('npm', 'b')]);
    reader.close();
    expect(a).toBe([tuple('GHSA-2', 'npm', 'a', '3.0.0'), tuple('GHSA-1', 'npm', 'a', '2.0.0')].join(','));
    expect(b).toBeNull();
  });

  it('refuse a file that is cut short, damaged or not a segment', () => {
    const file = path.join(dir, segment('s.seg', [['GHSA-1', [['npm', 'a', '1.0.0']]]]));
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 3));
    expect(() => new SegmentReader(file)).toThrow(/cut short|damaged/);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('NOTMAGIC'), whole.subarray(8)]));
    expect(() => new SegmentReader(file)).toThrow(/not a match index segment/);
    fs.writeFileSync(file, '');
    expect(() => new SegmentReader(file)).toThrow();
  });
});

describe('a match index of several segments', () => {
  it('hides the rows of a record in older segments once a newer one holds it', async () => {
    const base = segment('1.seg', [
      ['GHSA-1', [['npm', 'a', '1.0.0']]],
      [
        'GHSA-2',
        [
          ['npm', 'a', '2.0.0'],
          ['npm', 'b', '2.0.0'],
        ],
      ],
      ['GHSA-3', [['npm', 'c', '3.0.0']]],
    ]);
    // GHSA-2 now names only c; GHSA-3 is withdrawn (no rows); GHSA-4 is new
    const later = segment('2.seg', [
      ['GHSA-2', [['npm', 'c', '2.5.0']]],
      ['GHSA-3', []],
      ['GHSA-4', [['npm', 'b', '4.0.0']]],
    ]);
    manifest([base, later]);
    const index = MatchIndex.open(dir, 's1');
    expect(index).not.toBeNull();
    const pkgs = ['a', 'b', 'c', 'd'].map((name) => ({ ecosystem: 'npm', name }));
    const rows = await rowsOf(index as MatchIndex, pkgs);
    (index as MatchIndex).close();
    const events = (fixed: string) =>
      JSON.stringify([{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }]);
    expect(rows.sort()).toEqual(
      [`GHSA-1 a ${events('1.0.0')}`, `GHSA-4 b ${events('4.0.0')}`, `GHSA-2 c ${events('2.5.0')}`].sort(),
    );
    expect((index as MatchIndex).records).toBe(3);
  });

  it('is not opened while dirty, for another schema or format, or with a segment missing', () => {
    manifest([segment('1.seg', [['GHSA-1', [['npm', 'a', '1.0.0']]]])]);
    const open = () => {
      const index = MatchIndex.open(dir, 's1');
      index?.close();
      return index !== null;
    };
    expect(open()).toBe(true);
    expect(MatchIndex.open(dir, 's2')).toBeNull();
    fs.writeFileSync(path.join(dir, DIRTY), '');
    expect(open()).toBe(false);
    fs.rmSync(path.join(dir, DIRTY));
    manifest(['1.seg'], { format: MATCH_INDEX_FORMAT + 1 });
    expect(open()).toBe(false);
    manifest(['1.seg', 'gone.seg']);
    expect(open()).toBe(false);
    manifest(['../1.seg']);
    expect(open()).toBe(false);
    manifest(['..']);
    expect(open()).toBe(false);
    manifest(['manifest.json']);
    expect(open()).toBe(false);
    fs.writeFileSync(path.join(dir, MANIFEST), '{"format":');
    expect(open()).toBe(false);
  });
});
