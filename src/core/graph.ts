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
