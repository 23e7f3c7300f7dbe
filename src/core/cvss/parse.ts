import { ParseError } from '../errors.js';

/**
 * The vector reader shared by every CVSS version: `NAME:VALUE` pairs split by `/`, checked against a
 * version's grammar. Each version module supplies its grammar; this file knows no metric names.
 */

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export type CvssErrorReason =
  | 'empty'
  | 'unknown-version'
  | 'malformed'
  | 'unknown-metric'
  | 'bad-value'
  | 'duplicate-metric'
  | 'out-of-order'
  | 'missing-metric';

export interface MetricSpec {
  readonly name: string;
  /** Allowed values, the "not defined" one included where the metric is optional. */
  readonly values: readonly string[];
  readonly required: boolean;
}

export interface VectorGrammar {
  readonly version: CvssVersion;
  /** Every metric, in the order the specification lists them (and the normalized vector uses). */
  readonly metrics: readonly MetricSpec[];
  /** Whether the specification requires that order in a vector (v2 and v4 do, v3 does not). */
  readonly ordered: boolean;
  /** The value that means "not defined": `X`, or `ND` in v2. Such metrics are dropped. */
  readonly notDefined: string;
}

/** Metric name to value, only the defined ones, in the grammar's order. */
export type MetricValues = Readonly<Record<string, string>>;

/**
 * Read the `/`-separated metrics of `text[start, end)`: every one known, valid, not repeated, in order
 * where the grammar says so, and all required ones present. Throws `ERR_OSPO_CVSS` naming the offset.
 */
export function readMetrics(text: string, start: number, end: number, grammar: VectorGrammar): MetricValues {
  const specs = new Map(grammar.metrics.map((spec, index) => [spec.name, { spec, index }]));
  const found = new Map<string, string>();
  let lastIndex = -1;
  let offset = start;
  for (const part of text.slice(start, end).split('/')) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1 || part.indexOf(':', colon + 1) !== -1) {
      throw cvssError('malformed', `"${part}" is not a METRIC:VALUE pair`, text, offset);
    }
    const name = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const known = specs.get(name);
    if (!known) {
      throw cvssError(
        'unknown-metric',
        `${name} is not a CVSS ${grammar.version} metric`,
        text,
        offset,
        name,
      );
    }
    if (found.has(name)) {
      throw cvssError('duplicate-metric', `${name} appears more than once`, text, offset, name);
    }
    if (!known.spec.values.includes(value)) {
      const allowed = known.spec.values.join(', ');
      throw cvssError(
        'bad-value',
        `${name}:${value} is not valid (${allowed})`,
        text,
        offset + colon + 1,
        name,
      );
    }
    if (grammar.ordered && known.index < lastIndex) {
      const after = grammar.metrics[lastIndex]?.name ?? '';
      throw cvssError('out-of-order', `${name} must come before ${after}`, text, offset, name);
    }
    lastIndex = known.index;
    found.set(name, value);
    offset += part.length + 1;
  }
  const missing = grammar.metrics.find((spec) => spec.required && !found.has(spec.name));
  if (missing) {
    throw cvssError('missing-metric', `the base metric ${missing.name} is missing`, text, end, missing.name);
  }
  const values: Record<string, string> = {};
  for (const spec of grammar.metrics) {
    const value = found.get(spec.name);
    if (value !== undefined && value !== grammar.notDefined) values[spec.name] = value;
  }
  return values;
}

/** The metrics written back in the grammar's order, "not defined" ones left out. */
export function renderMetrics(values: MetricValues, grammar: VectorGrammar): string {
  return grammar.metrics
    .flatMap((spec) => {
      const value = values[spec.name];
      return value === undefined ? [] : [`${spec.name}:${value}`];
    })
    .join('/');
}

/** The one error of this module: reason, offset (0-based) and metric in `details`, 1-based column. */
export function cvssError(
  reason: CvssErrorReason,
  problem: string,
  vector: string,
  offset: number,
  metric?: string,
): ParseError {
  const shown = vector.length > 120 ? `${vector.slice(0, 117)}...` : vector;
  return new ParseError('ERR_OSPO_CVSS', `invalid CVSS vector "${shown}" at offset ${offset}: ${problem}`, {
    line: 1,
    column: offset + 1,
    details: { reason, offset, vector, ...(metric === undefined ? {} : { metric }) },
    hint: 'Write a vector as its specification does, e.g. "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".',
  });
}
