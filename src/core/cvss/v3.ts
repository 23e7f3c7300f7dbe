import { type MetricValues, readMetrics, renderMetrics, type VectorGrammar } from './parse.js';

/**
 * CVSS v3.0 and v3.1 (FIRST specification documents, sections 7.1 and 7.4; v3.1 section 7.5 and
 * Appendix A for Roundup). Both say metrics may come in any order but none twice. Only the base
 * score is computed; temporal and environmental metrics are read, kept and normalized.
 */

const base = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

function grammar(version: '3.0' | '3.1'): VectorGrammar {
  return {
    version,
    ordered: false,
    notDefined: 'X',
    metrics: [
      { name: 'AV', values: ['N', 'A', 'L', 'P'], required: true },
      { name: 'AC', values: ['L', 'H'], required: true },
      { name: 'PR', values: ['N', 'L', 'H'], required: true },
      { name: 'UI', values: ['N', 'R'], required: true },
      { name: 'S', values: ['U', 'C'], required: true },
      { name: 'C', values: ['H', 'L', 'N'], required: true },
      { name: 'I', values: ['H', 'L', 'N'], required: true },
      { name: 'A', values: ['H', 'L', 'N'], required: true },
      { name: 'E', values: ['X', 'H', 'F', 'P', 'U'], required: false },
      { name: 'RL', values: ['X', 'U', 'W', 'T', 'O'], required: false },
      { name: 'RC', values: ['X', 'C', 'R', 'U'], required: false },
      { name: 'CR', values: ['X', 'H', 'M', 'L'], required: false },
      { name: 'IR', values: ['X', 'H', 'M', 'L'], required: false },
      { name: 'AR', values: ['X', 'H', 'M', 'L'], required: false },
      { name: 'MAV', values: ['X', 'N', 'A', 'L', 'P'], required: false },
      { name: 'MAC', values: ['X', 'L', 'H'], required: false },
      { name: 'MPR', values: ['X', 'N', 'L', 'H'], required: false },
      { name: 'MUI', values: ['X', 'N', 'R'], required: false },
      { name: 'MS', values: ['X', 'U', 'C'], required: false },
      { name: 'MC', values: ['X', 'H', 'L', 'N'], required: false },
      { name: 'MI', values: ['X', 'H', 'L', 'N'], required: false },
      { name: 'MA', values: ['X', 'H', 'L', 'N'], required: false },
    ],
  };
}

export const v30Grammar = grammar('3.0');
export const v31Grammar = grammar('3.1');

export type Cvss3Metrics = Readonly<Record<(typeof base)[number], string>> & MetricValues;

export interface Cvss3Vector {
  readonly version: '3.0' | '3.1';
  readonly metrics: Cvss3Metrics;
  /** `CVSS:3.x/` then the defined metrics in the specification's order. */
  readonly vector: string;
}

/** Read the metrics of `text[start, end)`, the part after the `CVSS:3.x/` prefix. */
export function parseV3(version: '3.0' | '3.1', text: string, start: number, end: number): Cvss3Vector {
  const g = version === '3.0' ? v30Grammar : v31Grammar;
  const metrics = readMetrics(text, start, end, g) as Cvss3Metrics;
  return { version, metrics, vector: `CVSS:${version}/${renderMetrics(metrics, g)}` };
}

const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  /** Privileges Required weighs more when the scope changes. */
  PRChanged: { N: 0.85, L: 0.68, H: 0.5 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** The base score (specification section 7.1), with the Roundup of the vector's own version. */
export function scoreV3(vector: Cvss3Vector): number {
  const m = vector.metrics;
  const changed = m.S === 'C';
  const iss =
    1 - (1 - weight(weights.CIA, m.C)) * (1 - weight(weights.CIA, m.I)) * (1 - weight(weights.CIA, m.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability =
    8.22 *
    weight(weights.AV, m.AV) *
    weight(weights.AC, m.AC) *
    weight(changed ? weights.PRChanged : weights.PR, m.PR) *
    weight(weights.UI, m.UI);
  if (impact <= 0) return 0;
  const roundUp = vector.version === '3.0' ? roundUp30 : roundUp31;
  const sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return roundUp(Math.min(sum, 10));
}

/**
 * v3.1 Roundup (Appendix A): work in integers of 1/100000 so a float such as 4.000000000000001 is
 * taken as the 4.0 it stands for instead of being rounded up to 4.1.
 */
export function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/**
 * v3.0 "Round up": the smallest one-decimal number not below the input, computed as FIRST's v3.0
 * calculator did (a ceiling in binary floating point). It can land 0.1 above v3.1, which is why v3.1
 * changed it; v3.0 vectors keep the old rule so their scores match what was published for them.
 */
export function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

function weight(table: Readonly<Record<string, number>>, value: string): number {
  const found = table[value];
  if (found === undefined) throw new RangeError(`no CVSS v3 weight for ${value}`);
  return found;
}
