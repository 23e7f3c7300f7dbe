import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainsTo, reachable } from './graph.js';

describe('reachable', () => {
  const edges: Record<string, string[]> = { a: ['b', 'c'], b: ['d'], c: ['a'], d: [], e: ['a'] };
  const children = (n: string) => edges[n] ?? [];

  it('follows children from every start, through cycles, once each', () => {
    expect([...reachable(['a'], children)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...reachable(['d', 'e'], children)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(reachable([], children).size).toBe(0);
  });
});

describe('chainsTo', () => {
  // app -> a -> c, app -> b -> c, lib -> c; a and b are direct; c -> d -> c is a cycle
  const up: Record<string, string[]> = {
    c: ['a', 'b', 'lib', 'd'],
    a: ['app'],
    b: ['app'],
    d: ['c'],
    app: [],
    lib: [],
  };
  const parents = (n: string) => up[n] ?? [];

  it('finds the shortest chains first, top first, ending in the start', () => {
    expect(chainsTo('c', parents, { limit: 3 })).toEqual([
      ['lib', 'c'],
      ['d', 'c'],
      ['app', 'a', 'c'],
    ]);
  });

  it('stops at a node where isTop holds, and at the limit', () => {
    const direct = new Set(['a', 'b']);
    expect(chainsTo('c', parents, { isTop: (n) => direct.has(n), limit: 1 })).toEqual([['a', 'c']]);
    expect(chainsTo('app', parents, { limit: 2 })).toEqual([['app']]);
  });

  it('gives what the walk written plainly gives, on random graphs with cycles', () => {
    // the walk as first written: a new list of the parents off the chain at every step
    const plain = (
      start: number,
      ups: (n: number) => readonly number[],
      o: { isTop?: (n: number) => boolean; limit: number; rootedOnly?: boolean },
    ): number[][] => {
      const out: number[][] = [];
      type L = { node: number; below: L | null };
      const on = (c: L, n: number) => {
        for (let at: L | null = c; at; at = at.below) if (at.node === n) return true;
        return false;
      };
      const list = (c: L) => {
        const r: number[] = [];
        for (let at: L | null = c; at; at = at.below) r.push(at.node);
        return r;
      };
      let frontier: L[] = [{ node: start, below: null }];
      for (let depth = 0; depth <= 50 && frontier.length > 0; depth++) {
        const next: L[] = [];
        for (const chain of frontier) {
          const all = ups(chain.node);
          const off = all.filter((u) => !on(chain, u));
          const atTop = depth > 0 && o.isTop?.(chain.node) === true;
          if (atTop || off.length === 0) {
            if (atTop || all.length === 0 || !o.rootedOnly) {
              out.push(list(chain));
              if (out.length >= o.limit) return out;
            }
          } else if (next.length < 1000) for (const u of off) next.push({ node: u, below: chain });
        }
        frontier = next;
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(11), { maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.nat(11),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(fc.nat(11), { maxLength: 3 }),
        (graph, from, limit, rootedOnly, tops) => {
          const ups = (n: number) => graph[n] ?? [];
          const start = from % graph.length;
          const isTop = (n: number) => tops.includes(n);
          const options = { limit, rootedOnly, isTop };
          expect(chainsTo(start, ups, options)).toEqual(plain(start, ups, options));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves out chains closed by a cycle when rootedOnly', () => {
    expect(chainsTo('c', parents, { limit: 3, rootedOnly: true })).toEqual([
      ['lib', 'c'],
      ['app', 'a', 'c'],
      ['app', 'b', 'c'],
    ]);
  });
});
