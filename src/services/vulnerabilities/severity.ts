import { severityFromOsv } from '../../core/cvss/index.js';

export const ratings = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Rating = (typeof ratings)[number];

const RANKS: Readonly<Record<Rating, number>> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

export function ratingRank(rating: Rating): number {
  return RANKS[rating];
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
  return strongestSeverity(lists.map(listSeverity));
}

/** One advisory's severity from its OSV `severity` entries: its best CVSS vector, or `unknown`. */
export function listSeverity(list: readonly unknown[]): Severity {
  const scored = severityFromOsv(list.filter(isSeverityEntry));
  if (!scored) return { rating: 'unknown', score: null, cvss: null };
  const rating: Rating = scored.rating === 'none' ? 'low' : scored.rating;
  return { rating, score: scored.baseScore, cvss: { version: scored.version, vector: scored.vector } };
}

/** The first of the highest scored; `unknown` when none is scored. */
export function strongestSeverity(severities: readonly Severity[]): Severity {
  let best: Severity = { rating: 'unknown', score: null, cvss: null };
  for (const s of severities) {
    if (s.score === null || (best.score !== null && s.score <= best.score)) continue;
    best = s;
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
