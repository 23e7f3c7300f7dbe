/**
 * The data CVSS v4.0 scores with. Source: FIRST, "Common Vulnerability Scoring System version 4.0:
 * Specification Document", section 8 (macro vectors, equivalence sets EQ1-EQ6, the highest severity
 * vectors of each set and their depths), and the score of every macro vector as published by FIRST
 * with the specification (the lookup table of the FIRST CVSS v4.0 reference calculator, `cvss_lookup.js`
 * in github.com/FIRSTdotorg/cvss-v4-calculator). These are numbers from the standard, not code.
 */

/**
 * Macro vector scores, one row per EQ1 EQ2 EQ3 digit triple. A row lists the scores of the EQ4 EQ5
 * EQ6 digit triples in counting order (000, 001, 010, 011, 020, 021, 100, ... 221); the rows with
 * EQ3 = 2 list only EQ6 = 1 (000 is 001, 010 is 011, ...), since EQ3 = 2 with EQ6 = 0 cannot occur.
 */
const rows: Readonly<Record<string, string>> = {
  '000': '10 9.9 9.8 9.5 9.5 9.2 10 9.6 9.3 8.7 9.1 8.1 9.3 9 8.9 8 8.1 6.8',
  '001': '9.8 9.5 9.5 9.2 9 8.4 9.3 9.2 8.9 8.1 8.1 6.5 8.8 8 7.8 7 6.9 4.8',
  '002': '9.2 8.2 7.2 7.9 6.9 5 6.9 5.5 2.7',
  '010': '9.9 9.7 9.5 9.2 9.2 8.5 9.5 9.1 9 8.3 8.4 7.1 9.2 8.1 8.2 7.1 7.2 5.3',
  '011': '9.5 9.3 9.2 8.5 8.5 7.3 9.2 8.2 8 7.2 7 5.9 8.4 7 7.1 5.2 5 3',
  '012': '8.6 7.5 5.2 7.1 5.2 2.9 6.3 2.9 1.7',
  '100': '9.8 9.5 9.4 8.7 9.1 8.1 9.4 8.9 8.6 7.4 7.7 6.4 8.7 7.5 7.4 6.3 6.3 4.9',
  '101': '9.4 8.9 8.8 7.7 7.6 6.7 8.6 7.6 7.4 5.8 5.9 5 7.2 5.7 5.7 5.2 5.2 2.5',
  '102': '8.3 7 5.4 6.5 5.8 2.6 5.3 2.1 1.3',
  '110': '9.5 9 8.8 7.6 7.6 7 9 7.7 7.5 6.2 6.1 5.3 7.7 6.6 6.8 5.9 5.2 3',
  '111': '8.9 7.8 7.6 6.7 6.2 5.8 7.4 5.9 5.7 5.7 4.7 2.3 6.1 5.2 5.7 2.9 2.4 1.6',
  '112': '7.1 5.9 3 5.8 2.6 1.5 2.3 1.3 0.6',
  '200': '9.3 8.7 8.6 7.2 7.5 5.8 8.6 7.4 7.4 6.1 5.6 3.4 7 5.4 5.2 4 4 2.2',
  '201': '8.5 7.5 7.4 5.5 6.2 5.1 7.2 5.7 5.5 4.1 4.6 1.9 5.3 3.6 3.4 1.9 1.9 0.8',
  '202': '6.4 5.1 2 4.7 2.1 1.1 2.4 0.9 0.4',
  '210': '8.8 7.5 7.3 5.3 6 5 7.3 5.5 5.9 4 4.1 2 5.4 4.3 4.5 2.2 2 1.1',
  '211': '7.5 5.5 5.8 4.5 4 2.1 6.1 5.1 4.8 1.8 2 0.9 4.6 1.8 1.7 0.7 0.8 0.2',
  '212': '5.3 2.4 1.4 2.4 1.2 0.5 1 0.3 0.1',
};

/** Score of each of the 270 macro vectors, keyed by its six EQ digits (`"000000"` is 10). */
export const macroVectorScores: ReadonlyMap<string, number> = expandRows();

function expandRows(): Map<string, number> {
  const table = new Map<string, number>();
  for (const [prefix, row] of Object.entries(rows)) {
    const scores = row.split(' ').map(Number);
    const onlyEq6One = prefix.endsWith('2');
    let i = 0;
    for (const eq4 of [0, 1, 2]) {
      for (const eq5 of [0, 1, 2]) {
        for (const eq6 of onlyEq6One ? [1] : [0, 1]) {
          const score = scores[i++];
          if (score === undefined) throw new RangeError(`CVSS v4 lookup row ${prefix} is short`);
          table.set(`${prefix}${eq4}${eq5}${eq6}`, score);
        }
      }
    }
    if (i !== scores.length) throw new RangeError(`CVSS v4 lookup row ${prefix} is long`);
  }
  return table;
}

/**
 * The highest severity vectors of each level of each EQ (specification tables 24-29 and section 8.2),
 * written as partial vectors; EQ3 and EQ6 are taken together, keyed by their two digits.
 */
const highest = {
  eq1: [
    ['AV:N/PR:N/UI:N'],
    ['AV:A/PR:N/UI:N', 'AV:N/PR:L/UI:N', 'AV:N/PR:N/UI:P'],
    ['AV:P/PR:N/UI:N', 'AV:A/PR:L/UI:P'],
  ],
  eq2: [['AC:L/AT:N'], ['AC:H/AT:N', 'AC:L/AT:P']],
  eq3eq6: {
    '00': ['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H'],
    '01': ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M'],
    '10': ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H'],
    '11': [
      'VC:L/VI:H/VA:L/CR:H/IR:M/AR:H',
      'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M',
      'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M',
      'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H',
      'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M',
    ],
    '21': ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H'],
  } as Readonly<Record<string, readonly string[]>>,
  eq4: [['SC:H/SI:S/SA:S'], ['SC:H/SI:H/SA:H'], ['SC:L/SI:L/SA:L']],
  eq5: [['E:A'], ['E:P'], ['E:U']],
} as const;

export type PartialVector = Readonly<Record<string, string>>;

function partial(text: string): PartialVector {
  return Object.fromEntries(text.split('/').map((pair) => pair.split(':') as [string, string]));
}

/** The highest severity vectors of one macro vector's EQ levels: the spec's candidates, in its order. */
export function highestVectors(
  eq: readonly [number, number, number, number, number, number],
): PartialVector[] {
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;
  const sets = [
    highest.eq1[eq1] ?? [],
    highest.eq2[eq2] ?? [],
    highest.eq3eq6[`${eq3}${eq6}`] ?? [],
    highest.eq4[eq4] ?? [],
    highest.eq5[eq5] ?? [],
  ];
  let combined: PartialVector[] = [{}];
  for (const set of sets) {
    combined = combined.flatMap((head) => set.map((tail) => ({ ...head, ...partial(tail) })));
  }
  return combined;
}

/** Depth of each EQ level: its largest severity distance plus one, in steps of 0.1 (section 8.2). */
export const depths = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: { '00': 7, '01': 6, '10': 8, '11': 8, '21': 10 } as Readonly<Record<string, number>>,
  eq4: [6, 5, 4],
} as const;

/**
 * Severity level of each metric value, in tenths as the reference calculator writes them; a lower
 * level is more severe. Distances are differences of these, so the float arithmetic matches FIRST's.
 */
export const levels: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
  E: { U: 0.2, P: 0.1, A: 0.0 },
};
