import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { osvRange } from '../../core/osv.js';
import { isPlainOsvRange, osvImportShape, readOsvImport, readOsvRange } from './osv-shape.js';

/**
 * readOsvImport and readOsvRange take a shortcut past zod for the records they are sure of: whatever
 * the input, they must give zod's verdict, and for an accepted record exactly zod's output.
 */

const text = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('0', '1.2.3', 'x', 'npm', 'PyPI', 'GIT', 'SEMVER', 'ECOSYSTEM') },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);
const timestamp = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('2024-05-01T00:00:00Z', '2024-05-01T12:30:00.123+02:00') },
  { weight: 1, arbitrary: fc.constantFrom('yesterday', '') },
  { weight: 1, arbitrary: text },
);
/** Sometimes the wrong type, sometimes missing, mostly right (about one in `odds` is wrong). */
const maybe = <T>(right: fc.Arbitrary<T>, odds = 40) =>
  fc.oneof(
    { weight: odds, arbitrary: right },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 1, true, [], {}) },
  );
const extra = fc.dictionary(
  fc.constantFrom('extra', 'x_y', '__proto__', 'note'),
  fc.jsonValue({ maxDepth: 2 }),
  {
    maxKeys: 1,
  },
);
const withExtra = <T extends object>(a: fc.Arbitrary<T>) =>
  fc
    .tuple(a, fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }))
    .map(([value, more]) => JSON.parse(JSON.stringify({ ...more, ...value })) as unknown);
const kinds = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
const event = withExtra(
  fc
    .array(fc.tuple(fc.constantFrom(...kinds), maybe(text)), { minLength: 1, maxLength: 1 })
    .chain((one) =>
      fc.oneof(
        { weight: 20, arbitrary: fc.constant(one) },
        { weight: 1, arbitrary: fc.constant([...one, ['fixed', '2'] as const]) },
        { weight: 1, arbitrary: fc.constant([]) },
      ),
    )
    .map((pairs) => Object.fromEntries(pairs)),
);
const specific = maybe(
  fc.dictionary(fc.constantFrom('a', 'source', '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
  10,
);
const range = withExtra(
  fc.record(
    {
      type: maybe(text),
      repo: maybe(text),
      events: maybe(fc.array(event, { maxLength: 3 })),
      database_specific: specific,
    },
    { requiredKeys: ['type', 'events'] },
  ),
);
const severity = withExtra(fc.record({ type: maybe(text), score: maybe(text) }));
const affected = withExtra(
  fc.record(
    {
      package: maybe(
        withExtra(
          fc.record({ ecosystem: maybe(text), name: maybe(text), purl: maybe(text) }, { requiredKeys: [] }),
        ),
      ),
      severity: maybe(fc.array(severity, { maxLength: 2 })),
      ranges: maybe(fc.array(range, { maxLength: 2 })),
      versions: maybe(fc.array(maybe(text), { maxLength: 3 })),
      ecosystem_specific: specific,
      database_specific: specific,
    },
    { requiredKeys: ['package'] },
  ),
);
const record = withExtra(
  fc.record(
    {
      schema_version: maybe(text),
      id: maybe(text),
      modified: maybe(timestamp),
      published: maybe(timestamp),
      withdrawn: maybe(timestamp),
      aliases: maybe(fc.array(maybe(text), { maxLength: 2 })),
      related: maybe(fc.array(text, { maxLength: 2 })),
      summary: maybe(text),
      details: maybe(text),
      severity: maybe(fc.array(severity, { maxLength: 2 })),
      affected: maybe(fc.array(affected, { maxLength: 2 })),
      references: maybe(
        fc.array(withExtra(fc.record({ type: maybe(text), url: maybe(text) })), { maxLength: 2 }),
      ),
      database_specific: specific,
    },
    { requiredKeys: ['id', 'modified'] },
  ),
);

describe('readOsvImport', () => {
  it('gives what osvImportShape.safeParse gives, on any record-like JSON', () => {
    let accepted = 0;
    fc.assert(
      fc.property(record, (value) => {
        const fast = readOsvImport(value);
        const zod = osvImportShape.safeParse(value);
        expect(fast.success).toBe(zod.success);
        if (zod.success) {
          accepted++;
          expect(fast.data).toStrictEqual(zod.data);
        } else expect(fast.error?.issues).toEqual(zod.error.issues);
      }),
      { numRuns: 1500 },
    );
    // both verdicts are exercised
    expect(accepted).toBeGreaterThan(75);
    expect(accepted).toBeLessThan(1425);
  });

  it('takes its own path for a well-formed record, and still gives zod output', () => {
    const value = {
      schema_version: '1.6.0',
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2024-05-01T00:00:00Z',
      aliases: ['CVE-2024-1'],
      extra: 'dropped',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'left-pad' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0', note: 'dropped' }, { fixed: '1.0.1' }] }],
          database_specific: { source: 'x' },
        },
      ],
    };
    const zod = vi.spyOn(osvImportShape, 'safeParse');
    const fast = readOsvImport(value);
    expect(zod).not.toHaveBeenCalled();
    zod.mockRestore();
    expect(fast).toStrictEqual(osvImportShape.safeParse(value));
    expect(fast.data?.affected[0]?.ranges[0]?.events).toEqual([{ introduced: '0' }, { fixed: '1.0.1' }]);
  });
});

const KINDS = ['introduced', 'fixed', 'last_affected', 'limit'];

describe('readOsvRange', () => {
  it('gives what osvRange.safeParse gives, on any range-like JSON', () => {
    let accepted = 0;
    fc.assert(
      fc.property(range, (value) => {
        const fast = readOsvRange(value);
        const zod = osvRange.safeParse(value);
        expect(fast.success).toBe(zod.success);
        if (zod.success) {
          accepted++;
          expect(fast.data).toStrictEqual(zod.data);
        } else expect(fast.error?.issues).toEqual(zod.error.issues);
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(75);
    expect(accepted).toBeLessThan(1425);
  });

  it('isPlainOsvRange holds only where zod accepts the range and reads the same type, repo and events', () => {
    let plain = 0;
    fc.assert(
      fc.property(range, (value) => {
        if (!isPlainOsvRange(value)) return;
        plain++;
        const zod = osvRange.safeParse(value);
        expect(zod.success).toBe(true);
        const kinds = (e: object) => Object.entries(e).filter(([k]) => KINDS.includes(k));
        expect({ type: value.type, repo: value.repo, events: value.events.map(kinds) }).toEqual({
          type: zod.data?.type,
          repo: zod.data?.repo,
          events: zod.data?.events.map(kinds),
        });
      }),
      { numRuns: 1500 },
    );
    expect(plain).toBeGreaterThan(50);
  });

  it('takes its own path for a well-formed range', () => {
    const zod = vi.spyOn(osvRange, 'safeParse');
    const value = { type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc' }], database_specific: {} };
    expect(readOsvRange(value)).toStrictEqual({ success: true, data: value });
    expect(zod).not.toHaveBeenCalled();
    zod.mockRestore();
  });
});
