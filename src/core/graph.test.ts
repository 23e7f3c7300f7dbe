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

  it('leaves out chains closed by a cycle when rootedOnly', () => {
    expect(chainsTo('c', parents, { limit: 3, rootedOnly: true })).toEqual([
      ['lib', 'c'],
      ['app', 'a', 'c'],
      ['app', 'b', 'c'],
    ]);
  });
});
