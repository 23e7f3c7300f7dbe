import { type MetricValues, readMetrics, renderMetrics, type VectorGrammar } from './parse.js';
import { depths, highestVectors, levels, macroVectorScores, type PartialVector } from './v4-data.js';

/**
 * CVSS v4.0 (FIRST specification document, sections 7 and 8). Section 7 fixes the order of metrics
 * in a vector, so order is checked. The score is that of everything the vector gives: CVSS-B for
 * base metrics alone, CVSS-BT, CVSS-BE or CVSS-BTE when threat or environmental metrics are set;
 * supplemental metrics are read and never change it.
 */

const base = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;
const environmental = [
  'CR',
  'IR',
  'AR',
  'MAV',
  'MAC',
  'MAT',
  'MPR',
  'MUI',
  'MVC',
  'MVI',
  'MVA',
  'MSC',
  'MSI',
  'MSA',
];

export const v4Grammar: VectorGrammar = {
  version: '4.0',
  ordered: true,
  notDefined: 'X',
  metrics: [
    { name: 'AV', values: ['N', 'A', 'L', 'P'], required: true },
    { name: 'AC', values: ['L', 'H'], required: true },
    { name: 'AT', values: ['N', 'P'], required: true },
    { name: 'PR', values: ['N', 'L', 'H'], required: true },
    { name: 'UI', values: ['N', 'P', 'A'], required: true },
    { name: 'VC', values: ['H', 'L', 'N'], required: true },
    { name: 'VI', values: ['H', 'L', 'N'], required: true },
    { name: 'VA', values: ['H', 'L', 'N'], required: true },
    { name: 'SC', values: ['H', 'L', 'N'], required: true },
    { name: 'SI', values: ['H', 'L', 'N'], required: true },
    { name: 'SA', values: ['H', 'L', 'N'], required: true },
    { name: 'E', values: ['X', 'A', 'P', 'U'], required: false },
    { name: 'CR', values: ['X', 'H', 'M', 'L'], required: false },
    { name: 'IR', values: ['X', 'H', 'M', 'L'], required: false },
    { name: 'AR', values: ['X', 'H', 'M', 'L'], required: false },
    { name: 'MAV', values: ['X', 'N', 'A', 'L', 'P'], required: false },
    { name: 'MAC', values: ['X', 'L', 'H'], required: false },
    { name: 'MAT', values: ['X', 'N', 'P'], required: false },
    { name: 'MPR', values: ['X', 'N', 'L', 'H'], required: false },
    { name: 'MUI', values: ['X', 'N', 'P', 'A'], required: false },
    { name: 'MVC', values: ['X', 'H', 'L', 'N'], required: false },
    { name: 'MVI', values: ['X', 'H', 'L', 'N'], required: false },
    { name: 'MVA', values: ['X', 'H', 'L', 'N'], required: false },
    { name: 'MSC', values: ['X', 'H', 'L', 'N'], required: false },
    { name: 'MSI', values: ['X', 'S', 'H', 'L', 'N'], required: false },
    { name: 'MSA', values: ['X', 'S', 'H', 'L', 'N'], required: false },
    { name: 'S', values: ['X', 'N', 'P'], required: false },
    { name: 'AU', values: ['X', 'N', 'Y'], required: false },
    { name: 'R', values: ['X', 'A', 'U', 'I'], required: false },
    { name: 'V', values: ['X', 'D', 'C'], required: false },
    { name: 'RE', values: ['X', 'L', 'M', 'H'], required: false },
    { name: 'U', values: ['X', 'Clear', 'Green', 'Amber', 'Red'], required: false },
  ],
};

export type Cvss4Metrics = Readonly<Record<(typeof base)[number], string>> & MetricValues;
export type Cvss4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

export interface Cvss4Vector {
  readonly version: '4.0';
  readonly metrics: Cvss4Metrics;
  /** `CVSS:4.0/` then the defined metrics in the specification's order. */
  readonly vector: string;
}

/** Read the metrics of `text[start, end)`, the part after the `CVSS:4.0/` prefix. */
export function parseV4(text: string, start: number, end: number): Cvss4Vector {
  const metrics = readMetrics(text, start, end, v4Grammar) as Cvss4Metrics;
  return { version: '4.0', metrics, vector: `CVSS:4.0/${renderMetrics(metrics, v4Grammar)}` };
}

/** Which metric groups the score covers (section 1.3): threat when E is set, environmental likewise. */
export function nomenclatureV4(vector: Cvss4Vector): Cvss4Nomenclature {
  const threat = vector.metrics.E !== undefined;
  const env = environmental.some((name) => vector.metrics[name] !== undefined);
  if (threat) return env ? 'CVSS-BTE' : 'CVSS-BT';
  return env ? 'CVSS-BE' : 'CVSS-B';
}

/**
 * The value scoring uses for a metric (section 8.1): a modified metric replaces its base metric;
 * unset E, CR, IR and AR take their worst case (A, H, H, H).
 */
function effective(m: MetricValues, name: string): string {
  const own = m[name];
  if (own === undefined && name === 'E') return 'A';
  if (own === undefined && (name === 'CR' || name === 'IR' || name === 'AR')) return 'H';
  return m[`M${name}`] ?? own ?? '';
}

type MacroVector = readonly [number, number, number, number, number, number];

/** The six equivalence-set levels of a vector (section 8.2, tables 24-29). */
export function macroVectorV4(m: MetricValues): MacroVector {
  const v = (name: string) => effective(m, name);
  const eq1 =
    v('AV') === 'N' && v('PR') === 'N' && v('UI') === 'N'
      ? 0
      : (v('AV') === 'N' || v('PR') === 'N' || v('UI') === 'N') && v('AV') !== 'P'
        ? 1
        : 2;
  const eq2 = v('AC') === 'L' && v('AT') === 'N' ? 0 : 1;
  const eq3 =
    v('VC') === 'H' && v('VI') === 'H' ? 0 : v('VC') === 'H' || v('VI') === 'H' || v('VA') === 'H' ? 1 : 2;
  const eq4 =
    m.MSI === 'S' || m.MSA === 'S' ? 0 : v('SC') === 'H' || v('SI') === 'H' || v('SA') === 'H' ? 1 : 2;
  const eq5 = v('E') === 'A' ? 0 : v('E') === 'P' ? 1 : 2;
  const eq6 =
    (v('CR') === 'H' && v('VC') === 'H') ||
    (v('IR') === 'H' && v('VI') === 'H') ||
    (v('AR') === 'H' && v('VA') === 'H')
      ? 0
      : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const impactMetrics = ['VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

/**
 * The v4.0 score (section 8.3): the score of the vector's macro vector, lowered by the mean, over
 * the EQs that have a next lower macro vector, of that drop scaled by how far the vector sits from
 * the macro vector's highest severity vector relative to the EQ's depth. Computed in the same order
 * of floating point operations as FIRST's calculator so the one-decimal results agree with it.
 */
export function scoreV4(vector: Cvss4Vector): number {
  const m = vector.metrics;
  if (impactMetrics.every((name) => effective(m, name) === 'N')) return 0;
  const eq = macroVectorV4(m);
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;
  const value = lookup(eq);
  const distance = distances(m, highestVectors(eq));
  const d = (name: string) => distance.get(name) ?? 0;

  // The drop to the next lower macro vector of each EQ; NaN where there is none.
  const drop = (next: MacroVector) => value - lookup(next);
  const eq3eq6Next =
    eq3 === 0 && eq6 === 0
      ? Math.max(lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]), lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]))
      : lookup(
          eq3 === 1 && eq6 === 0
            ? [eq1, eq2, eq3, eq4, eq5, eq6 + 1]
            : [eq1, eq2, eq3 + 1, eq4, eq5, eq3 === 2 ? eq6 + 1 : eq6],
        );
  const parts: [number, number, number][] = [
    [drop([eq1 + 1, eq2, eq3, eq4, eq5, eq6]), d('AV') + d('PR') + d('UI'), depth(depths.eq1[eq1])],
    [drop([eq1, eq2 + 1, eq3, eq4, eq5, eq6]), d('AC') + d('AT'), depth(depths.eq2[eq2])],
    [
      value - eq3eq6Next,
      d('VC') + d('VI') + d('VA') + d('CR') + d('IR') + d('AR'),
      depth(depths.eq3eq6[`${eq3}${eq6}`]),
    ],
    [drop([eq1, eq2, eq3, eq4 + 1, eq5, eq6]), d('SC') + d('SI') + d('SA'), depth(depths.eq4[eq4])],
    // EQ5 counts towards the mean but never moves the score: its proportion is always 0.
    [drop([eq1, eq2, eq3, eq4, eq5 + 1, eq6]), 0, 1],
  ];
  let sum = 0;
  let counted = 0;
  for (const [available, current, maxSeverity] of parts) {
    if (Number.isNaN(available)) continue;
    counted++;
    sum += available * (current / maxSeverity);
  }
  const mean = counted === 0 ? 0 : sum / counted;
  return roundOneDecimal(Math.max(0, Math.min(10, value - mean)));
}

function lookup(eq: MacroVector): number {
  return macroVectorScores.get(eq.join('')) ?? Number.NaN;
}

function depth(steps: number | undefined): number {
  if (steps === undefined) throw new RangeError('no CVSS v4 depth for this macro vector');
  return steps * 0.1;
}

/**
 * Severity distance of each metric from the first highest severity vector that is at least as
 * severe in every metric; when none is, from the last candidate, as the reference calculator does.
 */
function distances(m: MetricValues, candidates: readonly PartialVector[]): Map<string, number> {
  let result = new Map<string, number>();
  for (const candidate of candidates) {
    result = new Map();
    for (const [name, scale] of Object.entries(levels)) {
      result.set(name, (scale[effective(m, name)] ?? 0) - (scale[candidate[name] ?? ''] ?? 0));
    }
    if ([...result.values()].every((x) => x >= 0)) break;
  }
  return result;
}

/** Round half up to one decimal, then drop the float noise, as the reference calculator does. */
function roundOneDecimal(value: number): number {
  return Number.parseFloat((Math.round(value * 10) / 10).toFixed(1));
}
