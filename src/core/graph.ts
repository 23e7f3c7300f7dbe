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
  options: {
    isTop?: (node: T) => boolean;
    limit: number;
    maxDepth?: number;
    /** Leave out chains that end only because every parent is on them already (closed by a cycle). */
    rootedOnly?: boolean;
  },
): T[][] {
  const out: T[][] = [];
  // chains as linked lists from their top down to `start`: a step up shares the chain below it
  let frontier: Link<T>[] = [{ node: start, below: null }];
  for (let depth = 0; depth <= (options.maxDepth ?? 50) && frontier.length > 0; depth++) {
    const next: Link<T>[] = [];
    for (const chain of frontier) {
      const top = chain.node;
      const all = parents(top);
      // the parents not on the chain yet, in order: `all` itself unless one is (no copy per step)
      let ups = all;
      for (let i = 0; i < all.length; i++) {
        if (!onChain(chain, all[i] as T)) continue;
        const off = all.slice(0, i);
        for (let j = i + 1; j < all.length; j++) if (!onChain(chain, all[j] as T)) off.push(all[j] as T);
        ups = off;
        break;
      }
      const atTop = depth > 0 && options.isTop?.(top) === true;
      if (atTop || ups.length === 0) {
        if (atTop || all.length === 0 || !options.rootedOnly) {
          out.push(toArray(chain));
          if (out.length >= options.limit) return out;
        }
      } else if (next.length < 1000) for (const u of ups) next.push({ node: u, below: chain });
    }
    frontier = next;
  }
  return out;
}

interface Link<T> {
  node: T;
  below: Link<T> | null;
}

function onChain<T>(chain: Link<T>, node: T): boolean {
  for (let at: Link<T> | null = chain; at; at = at.below) if (at.node === node) return true;
  return false;
}

/** Top first, `start` last. */
function toArray<T>(chain: Link<T>): T[] {
  const out: T[] = [];
  for (let at: Link<T> | null = chain; at; at = at.below) out.push(at.node);
  return out;
}
