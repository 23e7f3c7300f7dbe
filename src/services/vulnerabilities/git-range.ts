import type { OsvRange } from '../../core/osv.js';

/** Ancestry in a repository's commit graph: is `ancestor` reachable from `descendant` (or equal)? */
export type IsAncestor = (ancestor: string, descendant: string) => boolean;

/**
 * Whether a commit is inside a GIT range: true, false, or null when it cannot be told. Without the commit
 * graph only the range's own commits decide (an introduced or last_affected commit is affected, a fixed or
 * limit commit is not). With it: the commit descends from an introduced commit with no fix in between, is
 * not past a last_affected commit, and is before a limit when there are limits.
 */
export function commitInRange(commit: string, range: OsvRange, isAncestor?: IsAncestor): boolean | null {
  const of = (kind: 'introduced' | 'fixed' | 'last_affected' | 'limit') =>
    range.events.map((e) => e[kind]).filter((v): v is string => v !== undefined);
  const introduced = of('introduced');
  const fixed = of('fixed');
  const lastAffected = of('last_affected');
  const limits = of('limit');
  if (!isAncestor) {
    if (fixed.includes(commit) || limits.includes(commit)) return false;
    if (introduced.includes(commit) || lastAffected.includes(commit)) return true;
    return null;
  }
  const upTo = (a: string, b: string) => a === '0' || a === b || isAncestor(a, b);
  if (limits.length > 0 && !limits.some((l) => l !== commit && isAncestor(commit, l))) return false;
  return introduced.some(
    (start) =>
      upTo(start, commit) &&
      !fixed.some((f) => upTo(start, f) && upTo(f, commit)) &&
      !lastAffected.some((l) => upTo(start, l) && l !== commit && upTo(l, commit)),
  );
}
