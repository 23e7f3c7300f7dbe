/**
 * Word alignment of a reference text `a` against input words `b`: Myers' O((N+M)D) shortest edit
 * script, which is fast exactly when the two are nearly the same (D small), the case that matters.
 * Returns, for each index of `a`, the index of `b` it is matched to or -1; null when more than
 * `maxEdits` insertions and deletions would be needed (the texts are too different to bother).
 */
export function alignWords(a: Int32Array, b: Int32Array, maxEdits: number): Int32Array | null {
  const n = a.length;
  const m = b.length;
  const matchOfA = new Int32Array(n).fill(-1);
  let start = 0;
  while (start < n && start < m && a[start] === b[start]) {
    matchOfA[start] = start;
    start++;
  }
  let endA = n;
  let endB = m;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    matchOfA[endA] = endB;
  }
  const N = endA - start;
  const M = endB - start;
  if (N === 0 || M === 0) return matchOfA;

  const max = Math.min(N + M, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < N && y < M && a[start + x] === b[start + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= N && y >= M) {
        backtrack(trace, d, N, M, (i, j) => {
          matchOfA[start + i] = start + j;
        });
        return matchOfA;
      }
    }
  }
  return null;
}

/** Walk the saved frontiers back from (N, M), reporting every diagonal (matched) step. */
function backtrack(
  trace: Int32Array[],
  depth: number,
  n: number,
  m: number,
  onMatch: (i: number, j: number) => void,
): void {
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const frontier = trace[d]!;
    const at = (k: number) => frontier[k + d + 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      onMatch(x, y);
    }
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    onMatch(x, y);
  }
}
