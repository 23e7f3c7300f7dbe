import { type MetricValues, readMetrics, renderMetrics, type VectorGrammar } from './parse.js';

/**
 * CVSS v2 (FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", 2007).
 * Section 2.4 lists the metrics "in a predetermined order", so order is checked. Only the base
 * equation (section 3.2.1) is computed; temporal and environmental metrics are read and kept.
 */

const base = ['AV', 'AC', 'Au', 'C', 'I', 'A'] as const;

export const v2Grammar: VectorGrammar = {
  version: '2.0',
  ordered: true,
  notDefined: 'ND',
  metrics: [
    { name: 'AV', values: ['L', 'A', 'N'], required: true },
    { name: 'AC', values: ['H', 'M', 'L'], required: true },
    { name: 'Au', values: ['M', 'S', 'N'], required: true },
    { name: 'C', values: ['N', 'P', 'C'], required: true },
    { name: 'I', values: ['N', 'P', 'C'], required: true },
    { name: 'A', values: ['N', 'P', 'C'], required: true },
    { name: 'E', values: ['U', 'POC', 'F', 'H', 'ND'], required: false },
    { name: 'RL', values: ['OF', 'TF', 'W', 'U', 'ND'], required: false },
    { name: 'RC', values: ['UC', 'UR', 'C', 'ND'], required: false },
    { name: 'CDP', values: ['N', 'L', 'LM', 'MH', 'H', 'ND'], required: false },
    { name: 'TD', values: ['N', 'L', 'M', 'H', 'ND'], required: false },
    { name: 'CR', values: ['L', 'M', 'H', 'ND'], required: false },
    { name: 'IR', values: ['L', 'M', 'H', 'ND'], required: false },
    { name: 'AR', values: ['L', 'M', 'H', 'ND'], required: false },
  ],
};

export type Cvss2Metrics = Readonly<Record<(typeof base)[number], string>> & MetricValues;

export interface Cvss2Vector {
  readonly version: '2.0';
  readonly metrics: Cvss2Metrics;
  /** Bare and without parentheses, as NVD writes it: `AV:N/AC:L/Au:N/C:P/I:P/A:P`. */
  readonly vector: string;
}

/** Read the metrics of `text[start, end)`, the part after any prefix or inside any parentheses. */
export function parseV2(text: string, start: number, end: number): Cvss2Vector {
  const metrics = readMetrics(text, start, end, v2Grammar) as Cvss2Metrics;
  return { version: '2.0', metrics, vector: renderMetrics(metrics, v2Grammar) };
}

const weights = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0.0, P: 0.275, C: 0.66 },
} as const;

/** The v2 base score, rounded to one decimal as section 3.2.1 says. */
export function scoreV2(vector: Cvss2Vector): number {
  const m = vector.metrics;
  const conf = weight(weights.CIA, m.C);
  const integ = weight(weights.CIA, m.I);
  const avail = weight(weights.CIA, m.A);
  const impact = 10.41 * (1 - (1 - conf) * (1 - integ) * (1 - avail));
  const exploitability = 20 * weight(weights.AV, m.AV) * weight(weights.AC, m.AC) * weight(weights.Au, m.Au);
  const fImpact = impact === 0 ? 0 : 1.176;
  const score = (0.6 * impact + 0.4 * exploitability - 1.5) * fImpact;
  return Math.max(0, Math.round(score * 10) / 10);
}

function weight(table: Readonly<Record<string, number>>, value: string): number {
  const found = table[value];
  if (found === undefined) throw new RangeError(`no CVSS v2 weight for ${value}`);
  return found;
}
