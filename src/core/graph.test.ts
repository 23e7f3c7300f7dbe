import { describe, expect, it } from 'vitest';
import { reachable } from './graph.js';

describe('reachable', () => {
  const edges: Record<string, string[]> = { a: ['b', 'c'], b: ['d'], c: ['a'], d: [], e: ['a'] };
  const children = (n: string) => edges[n] ?? [];

  it('follows children from every start, through cycles, once each', () => {
    expect([...reachable(['a'], children)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...reachable(['d', 'e'], children)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(reachable([], children).size).toBe(0);
  });
});
