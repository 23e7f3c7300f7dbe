import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml } from './yaml-fast.js';

/** js-yaml's answer, or 'throws'. */
function slow(text: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA, json: true });
  } catch {
    return 'throws';
  }
}

/** The fast reader agrees with js-yaml, or leaves the text to it; it never reads what js-yaml refuses. */
function agrees(text: string): boolean {
  const fast = fastYaml(text);
  if (fast === undefined) return false;
  const expected = slow(text);
  expect(expected, text).not.toBe('throws');
  expect(fast, text).toStrictEqual(expected);
  return true;
}

const fixtures = ['pnpm-lock', 'pubspec-lock'].flatMap((dir) => {
  const folder = path.resolve('src/modules/ecosystems', dir, '__fixtures__');
  return fs.readdirSync(folder).map((f) => path.join(folder, f));
});

/** Scalars of the kinds lockfiles hold, and the awkward ones around them. */
const scalar = fc.oneof(
  fc.constantFrom(
    '1.2.3',
    '0.3.2',
    '^1.0.0',
    '>=12',
    'sha512-abc+/=',
    'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
    '@babel/core',
    '/@babel/core@7.0.0(react@18.0.0)',
    'true',
    'False',
    'null',
    '~',
    '',
    '12',
    '012',
    '-0',
    '1e3',
    '0x1f',
    '.5',
    '5.4',
    '9.0',
    '1_000',
    '.inf',
    'a: b',
    'a #b',
    '#x',
    '- x',
    "it's",
    'say "hi"',
    'tab\there',
    'line\nbreak',
    'é😀',
    '__proto__',
    '<<',
    '?x',
    ':x',
    '[x]',
    '{x}',
    'x,y',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const doc = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), scalar.map(String)), tie('value'), { maxKeys: 5 }),
})).map;
const style = fc.record({
  flowLevel: fc.constantFrom(-1, 1, 2, 3),
  indent: fc.constantFrom(1, 2, 4),
  quotingType: fc.constantFrom("'" as const, '"' as const),
  forceQuotes: fc.boolean(),
  noArrayIndent: fc.boolean(),
  lineWidth: fc.constantFrom(-1, 20, 80),
});

describe('fast YAML reader', () => {
  it('reads the lockfile fixtures as js-yaml does (and does read the generated ones)', () => {
    let read = 0;
    for (const file of fixtures) if (agrees(fs.readFileSync(file, 'utf8'))) read++;
    expect(read).toBeGreaterThanOrEqual(5);
    const v9 = fs.readFileSync(
      path.resolve('src/modules/ecosystems/pnpm-lock/__fixtures__/v9-workspace.yaml'),
      'utf8',
    );
    expect(fastYaml(v9)).toBeDefined();
  });

  it('agrees with js-yaml on documents dumped in any style, or leaves them to it', () => {
    let read = 0;
    fc.assert(
      fc.property(doc, style, (value, options) => {
        const text = dump(value, { ...options, schema: CORE_SCHEMA });
        if (agrees(text)) read++;
      }),
      { numRuns: 2000 },
    );
    // most generated documents are in the subset: the fast path is not a bystander
    expect(read).toBeGreaterThan(200);
  });

  it('agrees with js-yaml on mutated lockfiles, or leaves them to it', () => {
    const texts = fixtures.map((f) => fs.readFileSync(f, 'utf8'));
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 6 }),
      insert: fc.oneof(
        fc.constantFrom(
          ' ',
          '  ',
          '\n',
          ':',
          ': ',
          '-',
          '- ',
          '#',
          ' #',
          "'",
          '"',
          '[',
          ']',
          '{',
          '}',
          ',',
          '\\',
          '\t',
          '\r',
          '&a ',
          '*a',
          '|',
          '~',
          '0',
          '.5',
          '\u0085',
          '\ufeff',
          '\ud800',
        ),
        fc.string({ maxLength: 4 }),
      ),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (k, edits) => {
          let text = texts[k] as string;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          agrees(text);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('leaves to js-yaml what is outside the subset', () => {
    for (const text of [
      'a: |\n  block\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '---\na: 1\n',
      'a: b # comment\n',
      'a: 1e3\n',
      'a:\n  - b: c\n',
      'a: "\\x41"\n',
      'a: plain\n  continued\n',
      '<<: {a: 1}\n',
      'a:\tb\n',
    ]) {
      expect(fastYaml(text), text).toBeUndefined();
    }
  });

  it('reads what pnpm writes', () => {
    const text = [
      "lockfileVersion: '9.0'",
      '',
      'packages:',
      '',
      "  '@esbuild/linux-x64@0.21.5':",
      '    resolution: {integrity: sha512-1hHV/Zx==, tarball: https://r.example/x.tgz}',
      '    engines: {node: ">=12"}',
      '    cpu: [x64]',
      '    os: [linux]',
      '',
      'snapshots:',
      '  a@1.0.0: {}',
      '  b@2.0.0:',
      '    dependencies:',
      '      a: 1.0.0',
      '    optional: true',
      '',
    ].join('\r\n');
    expect(fastYaml(text)).toStrictEqual({
      lockfileVersion: '9.0',
      packages: {
        '@esbuild/linux-x64@0.21.5': {
          resolution: { integrity: 'sha512-1hHV/Zx==', tarball: 'https://r.example/x.tgz' },
          engines: { node: '>=12' },
          cpu: ['x64'],
          os: ['linux'],
        },
      },
      snapshots: { 'a@1.0.0': {}, 'b@2.0.0': { dependencies: { a: '1.0.0' }, optional: true } },
    });
    expect(slow(text)).toStrictEqual(fastYaml(text));
  });
});
