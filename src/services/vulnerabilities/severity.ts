import { scoreCvss } from '../../core/cvss/index.js';
import { isOspoError } from '../../core/errors.js';

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

const preference = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'];

/**
 * The severity of a finding from its advisories' OSV `severity` entries: the base score computed from
 * the CVSS vector (the newest CVSS version an advisory gives), the highest across advisories that
 * are one finding. No readable vector: `unknown`.
 */
export function severityOf(lists: readonly unknown[][]): Severity {
  let best: Severity = { rating: 'unknown', score: null, cvss: null };
  for (const list of lists) {
    const entries = list.filter(
      (e): e is { type: string; score: string } =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as { type?: unknown }).type === 'string' &&
        typeof (e as { score?: unknown }).score === 'string',
    );
    for (const type of preference) {
      const entry = entries.find((e) => e.type === type);
      if (!entry) continue;
      try {
        const scored = scoreCvss(entry.score);
        const rating: Rating = scored.rating === 'none' ? 'low' : scored.rating;
        if (best.score === null || scored.baseScore > best.score) {
          best = {
            rating,
            score: scored.baseScore,
            cvss: { version: scored.version, vector: scored.vector },
          };
        }
        break;
      } catch (error) {
        if (!isOspoError(error)) throw error;
      }
    }
  }
  return best;
}
