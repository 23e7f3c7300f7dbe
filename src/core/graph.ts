/** Every node reachable from the starts (the starts included), following `children`; cycles are fine. */
export function reachable<T>(starts: Iterable<T>, children: (node: T) => Iterable<T>): Set<T> {
  const seen = new Set<T>();
  const stack = [...starts];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    for (const child of children(node)) if (!seen.has(child)) stack.push(child);
  }
  return seen;
}

/**
 * Up to `limit` shortest dependency chains that lead to `start`, each written top first and ending in
 * `start`: walking up `parents` breadth first, a chain ends at a node where `isTop` holds or that has no
 * parent not already on the chain (so cycles end). `start` alone when nothing depends on it.
 */
export function chainsTo<T>(
  start: T,
  parents: (node: T) => readonly T[],
  options: { isTop?: (node: T) => boolean; limit: number; maxDepth?: number },
): T[][] {
  const out: T[][] = [];
  let frontier: T[][] = [[start]];
  for (let depth = 0; depth <= (options.maxDepth ?? 50) && frontier.length > 0; depth++) {
    const next: T[][] = [];
    for (const chain of frontier) {
      const top = chain[chain.length - 1] as T;
      const ups = parents(top).filter((u) => !chain.includes(u));
      if ((depth > 0 && options.isTop?.(top)) || ups.length === 0) {
        out.push([...chain].reverse());
        if (out.length >= options.limit) return out;
      } else if (next.length < 1000) for (const u of ups) next.push([...chain, u]);
    }
    frontier = next;
  }
  return out;
}
