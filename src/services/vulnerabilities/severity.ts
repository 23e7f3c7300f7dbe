import { severityFromOsv } from '../../core/cvss/index.js';

export const ratings = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Rating = (typeof ratings)[number];

export function ratingRank(rating: Rating): number {
  return { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 }[rating];
}

export interface Severity {
  rating: Rating;
  score: number | null;
  cvss: { version: string; vector: string } | null;
}

/**
 * The severity of a finding from its advisories' OSV `severity` entries: each advisory's best CVSS
 * vector (core/cvss picks v4, then v3, then v2), scored from the vector; the highest across the
 * advisories that are one finding. No readable vector: `unknown`.
 */
export function severityOf(lists: readonly unknown[][]): Severity {
  let best: Severity = { rating: 'unknown', score: null, cvss: null };
  for (const list of lists) {
    const scored = severityFromOsv(list.filter(isSeverityEntry));
    if (!scored || (best.score !== null && scored.baseScore <= best.score)) continue;
    const rating: Rating = scored.rating === 'none' ? 'low' : scored.rating;
    best = { rating, score: scored.baseScore, cvss: { version: scored.version, vector: scored.vector } };
  }
  return best;
}

/** Stored JSON, read back: only `{ type, score }` strings are severity entries. */
function isSeverityEntry(e: unknown): e is { type: string; score: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { type?: unknown }).type === 'string' &&
    typeof (e as { score?: unknown }).score === 'string'
  );
}
