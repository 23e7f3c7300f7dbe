import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileShape } from './fast-shape.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
interface Tree {
  version?: string | undefined;
  dependencies?: Record<string, Tree> | undefined;
}
const tree: z.ZodType<Tree> = z.lazy(() =>
  z.object({ version: z.string().optional(), dependencies: z.record(z.string(), tree).optional() }),
);

/** Shapes of the kinds extractors use, each compared with zod itself. */
const schemas: [string, z.ZodType][] = [
  ['string', z.string()],
  ['integer', z.number().int()],
  ['literal and enum', z.union([z.literal(3), z.enum(['a', 'b'])])],
  ['optional, nullable', z.object({ a: z.string().optional(), b: z.number().nullable() })],
  ['defaults', z.object({ list: z.array(z.string()).default([]), n: z.number().default(1) })],
  ['catch', z.object({ v: z.string().min(1).optional().catch(undefined) })],
  ['record of scalars to strings', z.record(z.string(), scalar)],
  ['array of scalars to strings', z.array(scalar)],
  [
    'object of scalars to strings, keys that need quoting in generated code',
    z.object({
      'a-b': scalar.optional(),
      'x\'y"\n': scalar.nullable().optional(),
      version: scalar.optional(),
      dependencies: z.record(z.string(), scalar).nullable().optional(),
    }),
  ],
  [
    'union with a transformed object',
    z.record(z.string(), z.union([scalar, z.object({ version: scalar }).transform((v) => v.version)])),
  ],
  ['tuple with rest', z.tuple([z.string()]).rest(z.unknown())],
  ['strict object', z.strictObject({ a: z.boolean() })],
  [
    'preprocess',
    z.object({
      t: z.preprocess((v) => (typeof v === 'string' ? v.trim() : undefined), z.string().optional()),
    }),
  ],
  ['recursive', tree],
  ['array with checks', z.array(z.number()).min(1)],
  ['string with a pattern', z.string().regex(/^\d+$/)],
  [
    'refinement',
    z.object({
      a: z
        .string()
        .refine((s) => s.length > 2)
        .optional(),
    }),
  ],
];

const keys = fc.constantFrom(
  'a',
  'b',
  'n',
  'v',
  't',
  'list',
  'version',
  'dependencies',
  'x',
  'a-b',
  'x\'y"\n',
);
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 4 }),
    fc.constantFrom(' 7 ', '12', '', 'a', 'b'),
    fc.integer({ min: -3, max: 5 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('compileShape', () => {
  it.each(schemas)('accepts exactly what zod accepts, and gives what zod gives: %s', (_name, schema) => {
    const fast = compileShape(schema);
    expect(fast).not.toBeNull();
    fc.assert(
      fc.property(values, (value) => {
        const expected = schema.safeParse(structuredClone(value));
        const copy = structuredClone(value);
        const ok = fast?.check(copy) ?? false;
        expect(ok).toBe(expected.success);
        // zod drops keys its shapes do not name; ours keeps them, so zod's output is a subset of ours
        if (ok && expected.success) expect(matches(fast?.apply(copy), expected.data)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves to zod what it cannot model', () => {
    expect(compileShape(z.coerce.string())).toBeNull();
    expect(compileShape(z.object({ when: z.date() }))).toBeNull();
    expect(compileShape(z.string().transform((s, ctx) => (ctx ? s : s)))).toBeNull();
  });
});

/** Is `expected` contained in `actual`: equal scalars, equal-length arrays, objects with at least its keys? */
function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => matches(a[k], v));
  }
  return Object.is(actual, expected);
}
