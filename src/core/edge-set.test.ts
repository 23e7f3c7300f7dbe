import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeSet } from './edge-set.js';

describe('EdgeSet', () => {
  it('keeps each edge once, in the order first added, as a map by joined key would', () => {
    const purl = fc.constantFrom('pkg:npm/a@1', 'pkg:npm/b@1', 'pkg:npm/c@2', 'a b', 'a', 'b c');
    // many targets per dependent too, so some outgrow the small array and move to a Set
    const many = fc.oneof(
      purl,
      fc.integer({ min: 0, max: 30 }).map((n) => `pkg:npm/t${n}@1`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.tuple(purl, purl), fc.tuple(purl, many)), { maxLength: 200 }),
        (pairs) => {
          const set = new EdgeSet();
          const byKey = new Map<string, { from: string; to: string }>();
          for (const [from, to] of pairs) {
            expect(set.add(from, to)).toBe(!byKey.has(JSON.stringify([from, to])));
            byKey.set(JSON.stringify([from, to]), { from, to });
          }
          expect(set.edges).toEqual([...byKey.values()]);
          expect(set.size).toBe(byKey.size);
        },
      ),
    );
  });
});
