import { InputError, isOspoError, type OspoError } from '../errors.js';
import { type CvssVersion, cvssError } from './parse.js';
import { type Cvss2Vector, parseV2, scoreV2 } from './v2.js';
import { type Cvss3Vector, parseV3, scoreV3 } from './v3.js';
import { type Cvss4Nomenclature, type Cvss4Vector, nomenclatureV4, parseV4, scoreV4 } from './v4.js';

/**
 * CVSS vectors of versions 2.0, 3.0, 3.1 and 4.0: read them, and compute their score and rating
 * from the metrics (never trusting a score written next to a vector). See docs/guide/severity.md.
 */

export type { CvssErrorReason, CvssVersion } from './parse.js';
export type { Cvss2Vector } from './v2.js';
export type { Cvss3Vector } from './v3.js';
export type { Cvss4Nomenclature, Cvss4Vector } from './v4.js';

export type CvssVector = Cvss2Vector | Cvss3Vector | Cvss4Vector;
export type CvssRating = 'none' | 'low' | 'medium' | 'high' | 'critical';

interface ScoreFields {
  /** 0.0 to 10.0, one decimal. For v2 and v3 the base score; for v4 the score of all metrics given. */
  readonly baseScore: number;
  readonly rating: CvssRating;
  /** The vector normalized: the version's prefix, metrics in specification order, "not defined" dropped. */
  readonly vector: string;
}

export type CvssScore =
  | (ScoreFields & { readonly version: '2.0' | '3.0' | '3.1' })
  | (ScoreFields & { readonly version: '4.0'; readonly nomenclature: Cvss4Nomenclature });

/**
 * Read a vector, its version known from its prefix: `CVSS:4.0/`, `CVSS:3.1/`, `CVSS:3.0/`, or a v2
 * vector bare (`AV:N/AC:L/Au:N/C:P/I:P/A:P`), in parentheses, or after `CVSS:2.0/`. Surrounding
 * whitespace is ignored. Anything else throws a `ParseError` coded `ERR_OSPO_CVSS`.
 */
export function parseCvss(vector: string): CvssVector {
  const text = String(vector);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (start >= end) throw cvssError('empty', 'the vector is empty', text, 0);
  const body = text.slice(start, end);
  if (body.startsWith('CVSS:4.0/')) return parseV4(text, start + 9, end);
  if (body.startsWith('CVSS:3.1/')) return parseV3('3.1', text, start + 9, end);
  if (body.startsWith('CVSS:3.0/')) return parseV3('3.0', text, start + 9, end);
  if (body.startsWith('CVSS:2.0/')) return parseV2(text, start + 9, end);
  if (body.startsWith('CVSS:')) {
    const version = body.slice(5).split('/')[0] ?? '';
    throw cvssError(
      'unknown-version',
      `CVSS version "${version}" is not one of 2.0, 3.0, 3.1, 4.0`,
      text,
      start,
    );
  }
  if (body.startsWith('(') && body.endsWith(')') && body.length > 2) return parseV2(text, start + 1, end - 1);
  return parseV2(text, start, end);
}

/** Parse a vector and compute its score and rating. Throws `ERR_OSPO_CVSS` for an invalid vector. */
export function scoreCvss(vector: string): CvssScore {
  const parsed = parseCvss(vector);
  if (parsed.version === '4.0') {
    const baseScore = scoreV4(parsed);
    const nomenclature = nomenclatureV4(parsed);
    return {
      version: '4.0',
      baseScore,
      rating: ratingOf(baseScore, '4.0'),
      vector: parsed.vector,
      nomenclature,
    };
  }
  const baseScore = parsed.version === '2.0' ? scoreV2(parsed) : scoreV3(parsed);
  return {
    version: parsed.version,
    baseScore,
    rating: ratingOf(baseScore, parsed.version),
    vector: parsed.vector,
  };
}

/**
 * The qualitative rating of a score. v3 and v4 use their specifications' scale (none 0.0, low
 * 0.1-3.9, medium 4.0-6.9, high 7.0-8.9, critical 9.0-10.0). v2 defines none; like NVD, it is low
 * below 4.0, medium below 7.0 and high from 7.0, so a v2 score is never `none` or `critical`.
 */
export function ratingOf(score: number, version: CvssVersion): CvssRating {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new InputError('ERR_OSPO_CVSS_SCORE', `a CVSS score is between 0.0 and 10.0, not ${score}`, {
      details: { score, version },
    });
  }
  if (version === '2.0') return score < 4 ? 'low' : score < 7 ? 'medium' : 'high';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  return score < 9 ? 'high' : 'critical';
}

/** One entry of an OSV record's `severity` list. */
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

const osvPreference = [
  { type: 'CVSS_V4', versions: ['4.0'] },
  { type: 'CVSS_V3', versions: ['3.1', '3.0'] },
  { type: 'CVSS_V2', versions: ['2.0'] },
] as const;

export interface SeverityFromOsvOptions {
  /** Told of every CVSS entry passed over because its vector is invalid or of another version. */
  onInvalid?: (entry: OsvSeverity, error: OspoError) => void;
}

/**
 * The score of the best CVSS vector of an OSV `severity` list: a valid `CVSS_V4` entry first, then
 * `CVSS_V3`, then `CVSS_V2` (the first valid entry of a type wins). Other types (`Ubuntu`, ...) are
 * ignored. An entry whose vector is invalid, or whose prefix is not of its type's versions, is passed
 * over (and reported to `onInvalid`). Null when no entry is usable.
 */
export function severityFromOsv(
  severity: readonly OsvSeverity[],
  options: SeverityFromOsvOptions = {},
): CvssScore | null {
  for (const { type, versions } of osvPreference) {
    for (const entry of severity) {
      if (entry.type !== type) continue;
      const scored = tryScore(entry, versions, options);
      if (scored) return scored;
    }
  }
  return null;
}

function tryScore(
  entry: OsvSeverity,
  versions: readonly CvssVersion[],
  options: SeverityFromOsvOptions,
): CvssScore | null {
  try {
    const scored = scoreCvss(entry.score);
    if (versions.includes(scored.version)) return scored;
    const error = cvssError(
      'unknown-version',
      `a ${entry.type} entry holds a CVSS ${scored.version} vector`,
      entry.score,
      0,
    );
    options.onInvalid?.(entry, error);
  } catch (error) {
    if (!isOspoError(error)) throw error;
    options.onInvalid?.(entry, error);
  }
  return null;
}
