import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOspoError, ParseError } from '../errors.js';
import {
  type CvssRating,
  type CvssVersion,
  type OsvSeverity,
  parseCvss,
  ratingOf,
  scoreCvss,
  severityFromOsv,
} from './index.js';
import type { VectorGrammar } from './parse.js';
import { v2Grammar } from './v2.js';
import { roundUp30, roundUp31, v30Grammar, v31Grammar } from './v3.js';
import { v4Grammar } from './v4.js';
import { macroVectorScores } from './v4-data.js';

/*
 * Sources of the expected numbers (each row names its own):
 * - [v2 guide]  FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0",
 *               section 3.3, examples 1-3 (base, temporal and environmental vectors of each CVE).
 * - [v3.0 ex]   FIRST, "Common Vulnerability Scoring System v3.0: Examples".
 * - [v3.1 ex]   FIRST, "Common Vulnerability Scoring System v3.1: Examples".
 * - [v4.0 ex]   FIRST, "Common Vulnerability Scoring System v4.0: Examples", by section.
 * - [FIRST calc] scores of FIRST's CVSS v4.0 calculator, as recorded in the test suite of the
 *               go-cvss module (github.com/pandatix/go-cvss, 40/cvss40_test.go), which checks it
 *               against that calculator.
 * - [NVD]       the score NVD publishes for the named CVE with that vector.
 * - [spec]      follows from the specification's own text, named in the row.
 */

type Row = [vector: string, score: number, rating: CvssRating];

const v2Rows: Row[] = [
  ['AV:N/AC:L/Au:N/C:N/I:N/A:C', 7.8, 'high'], // [v2 guide] example 1, CVE-2002-0392 base
  ['AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C', 7.8, 'high'], // [v2 guide] CVE-2002-0392 temporal vector
  ['AV:N/AC:L/Au:N/C:N/I:N/A:C/E:ND/RL:ND/RC:ND/CDP:N/TD:H/CR:H/IR:H/AR:H', 7.8, 'high'], // [v2 guide] CVE-2002-0392 environmental vector
  ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0, 'high'], // [v2 guide] example 2, CVE-2003-0818 base
  ['AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C', 10.0, 'high'], // [v2 guide] CVE-2003-0818 temporal vector
  ['AV:L/AC:H/Au:N/C:C/I:C/A:C', 6.2, 'medium'], // [v2 guide] example 3, CVE-2003-0062 base
  ['AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C', 6.2, 'medium'], // [v2 guide] CVE-2003-0062 temporal vector
  ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 9.3, 'high'], // [NVD] CVE-2021-44228
  ['AV:N/AC:L/Au:N/C:P/I:N/A:N', 5.0, 'medium'], // [NVD] CVE-2014-0160
  ['AV:L/AC:M/Au:N/C:C/I:N/A:N', 4.7, 'medium'], // [NVD] CVE-2017-5754
  ['AV:N/AC:L/Au:S/C:C/I:C/A:C', 9.0, 'high'], // [NVD] CVE-2021-34527
  ['AV:N/AC:L/Au:N/C:N/I:N/A:N', 0.0, 'low'], // [spec] v2 guide 3.2.1: f(Impact) = 0 when Impact is 0
];

const v30Rows: Row[] = [
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'medium'], // [v3.0 ex] CVE-2013-1937 phpMyAdmin
  ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'medium'], // [v3.0 ex] CVE-2013-0375 MySQL
  ['CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, 'low'], // [v3.0 ex] CVE-2014-3566 POODLE
  ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, 'critical'], // [v3.0 ex] CVE-2012-1516 VMware
  ['CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2, 'medium'], // [v3.0 ex] CVE-2009-0783 Tomcat
  ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, 'high'], // [v3.0 ex] CVE-2012-0384 Cisco IOS
  ['CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, 'high'], // [v3.0 ex] CVE-2015-1098 Apple iWork
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'high'], // [v3.0 ex] CVE-2014-0160 Heartbleed
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'], // [v3.0 ex] CVE-2014-6271 Shellshock
  ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8, 'medium'], // [v3.0 ex] CVE-2008-1447 DNS
  ['CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, 'medium'], // [v3.0 ex] CVE-2014-2005 Sophos
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8, 'medium'], // [v3.0 ex] CVE-2010-0467 Joomla
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N', 5.8, 'medium'], // [v3.0 ex] CVE-2012-1342 Cisco ACL
  ['CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H', 9.3, 'critical'], // [v3.0 ex] CVE-2013-6014 Juniper
  ['CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4, 'medium'], // [v3.0 ex] CVE-2014-9253 DokuWiki
  ['CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8, 'high'], // [v3.0 ex] CVE-2011-1265 Bluetooth
  ['CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', 4.6, 'medium'], // [v3.0 ex] CVE-2014-2019 Apple iOS
  ['CVSS:3.0/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:N', 5.6, 'medium'], // [NVD] CVE-2017-5754 Meltdown
];

const v31Rows: Row[] = [
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'medium'], // [v3.1 ex] CVE-2013-0375; 6.30 rounds up
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, 'low'], // [v3.1 ex] CVE-2014-3566 POODLE
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, 'critical'], // [v3.1 ex] CVE-2012-1516 VMware
  ['CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2, 'medium'], // [v3.1 ex] CVE-2009-0783 Tomcat
  ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'high'], // [v3.1 ex] CVE-2012-0384 Cisco IOS
  ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, 'high'], // [v3.1 ex] CVE-2015-1098 Apple iWork
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'high'], // [v3.1 ex] CVE-2014-0160 Heartbleed
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'], // [v3.1 ex] CVE-2014-6271 Shellshock
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8, 'medium'], // [v3.1 ex] CVE-2008-1447 DNS
  ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, 'medium'], // [v3.1 ex] CVE-2014-2005 Sophos
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8, 'medium'], // [v3.1 ex] CVE-2010-0467 Joomla
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N', 5.8, 'medium'], // [v3.1 ex] CVE-2012-1342 Cisco ACL
  ['CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H', 9.3, 'critical'], // [v3.1 ex] CVE-2013-6014 Juniper
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H', 9.0, 'critical'], // [v3.1 ex] CVE-2019-7551 Cantemo
  ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, 'high'], // [v3.1 ex] CVE-2009-0658 Adobe
  ['CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8, 'high'], // [v3.1 ex] CVE-2011-1265 Bluetooth
  ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', 4.6, 'medium'], // [v3.1 ex] CVE-2014-2019 Apple iOS
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8, 'high'], // [v3.1 ex] CVE-2015-0970 SearchBlox
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'critical'], // [NVD] CVE-2021-44228; the 10.0 cap
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0.0, 'none'], // [spec] 7.1: Impact <= 0 scores 0
];

const v40Rows: Row[] = [
  ['CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 7.3, 'high'], // [v4.0 ex] Attack Requirements, CVE-2022-41741
  ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 7.7, 'high'], // [v4.0 ex] Attack Requirements, CVE-2020-3549
  ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U', 5.2, 'medium'], // [v4.0 ex] CVE-2020-3549 with threat
  ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N', 8.3, 'high'], // [v4.0 ex] Attack Requirements, CVE-2023-3089
  [
    'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L',
    8.1,
    'high',
  ], // [v4.0 ex] CVE-2023-3089 with environmental metrics
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', 4.6, 'medium'], // [v4.0 ex] User Interaction, CVE-2021-44714
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N', 5.1, 'medium'], // [v4.0 ex] User Interaction, second example
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N', 6.9, 'medium'], // [v4.0 ex] Subsequent System, CVE-2022-22186
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N', 5.9, 'medium'], // [v4.0 ex] Subsequent System, CVE-2023-21989
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 9.4, 'critical'], // [v4.0 ex] Subsequent System, CVE-2020-3947
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:H/SI:H/SA:H', 9.3, 'critical'], // [v4.0 ex] Subsequent System, CVE-2023-48228
  ['CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D', 8.3, 'high'], // [v4.0 ex] Safety, CVE-2023-30560
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A', 8.7, 'high'], // [v4.0 ex] classic, CVE-2014-0160
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A', 9.3, 'critical'], // [v4.0 ex] classic, CVE-2021-44228
  [
    'CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/MAC:L/MAT:N/MVC:N/MVI:N/MVA:L',
    5.5,
    'medium',
  ], // [v4.0 ex] classic, CVE-2021-44228 with threat and environmental metrics
  ['CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H', 6.4, 'medium'], // [v4.0 ex] classic, CVE-2013-6014
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/R:I', 8.4, 'high'], // [v4.0 ex] classic, CVE-2016-5729
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10.0, 'critical'], // [FIRST calc] full impact, the maximum
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0.0, 'none'], // [FIRST calc] no impact (spec 8.3: 0.0)
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'critical'], // [FIRST calc]
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H', 7.9, 'high'], // [FIRST calc]
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U', 9.1, 'critical'], // [FIRST calc] threat lowers it
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S', 9.8, 'critical'], // [FIRST calc] MSA:S
  ['CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', 1.0, 'low'], // [FIRST calc]
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L', 5.2, 'medium'], // [FIRST calc]
  [
    'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L/E:P/CR:H/IR:M/AR:H/MAV:A/MAT:P/MPR:N/MVI:H/MVA:N/MSI:H/MSA:N/S:N/V:C/U:Amber',
    4.7,
    'medium',
  ], // [FIRST calc] CVSS-BTE with supplemental metrics
  ['CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:N/VC:N/VI:N/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L', 5.8, 'medium'], // [FIRST calc] EQ3/EQ6 depth
];

describe.each<[CvssVersion, Row[]]>([
  ['2.0', v2Rows],
  ['3.0', v30Rows],
  ['3.1', v31Rows],
  ['4.0', v40Rows],
])('CVSS %s published vectors', (version, rows) => {
  it.each(rows)('%s scores %d (%s)', (vector, score, rating) => {
    const result = scoreCvss(vector);
    expect(result.version).toBe(version);
    expect(result.baseScore).toBe(score);
    expect(result.rating).toBe(rating);
  });
});

describe('CVSS v3 rounding', () => {
  it('v3.1 Roundup treats float noise as the decimal it stands for (Appendix A)', () => {
    expect(roundUp31(4.000000000000001)).toBe(4.0);
    expect(roundUp31(4.02)).toBe(4.1);
    expect(roundUp31(4.0)).toBe(4.0);
    expect(roundUp31(6.30329)).toBe(6.4);
  });

  it('v3.0 Round up is the plain ceiling of its calculator, float noise included', () => {
    expect(roundUp30(4.02)).toBe(4.1); // the v3.0 specification's own example
    expect(roundUp30(4.0)).toBe(4.0); // likewise
    expect(roundUp30(4.000000000000001)).toBe(4.1); // the case v3.1 changed the function for
  });

  it('the two agree on every one of the 2,592 base vectors', () => {
    const values = v31Grammar.metrics.filter((m) => m.required);
    let vectors = [''];
    for (const metric of values) {
      vectors = vectors.flatMap((head) => metric.values.map((value) => `${head}/${metric.name}:${value}`));
    }
    expect(vectors).toHaveLength(2592);
    const differing = vectors.filter(
      (body) => scoreCvss(`CVSS:3.0${body}`).baseScore !== scoreCvss(`CVSS:3.1${body}`).baseScore,
    );
    expect(differing).toEqual([]);
  });
});

describe('CVSS v4.0 data', () => {
  it('has a score for each of the 270 macro vectors, 10 for the most severe', () => {
    expect(macroVectorScores.size).toBe(270);
    expect(macroVectorScores.get('000000')).toBe(10);
    expect(macroVectorScores.get('212221')).toBe(0.1);
    expect([...macroVectorScores.values()].every((s) => s > 0 && s <= 10)).toBe(true);
  });

  it.each([
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'CVSS-B'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P', 'CVSS-BT'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L', 'CVSS-BE'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:L', 'CVSS-BTE'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/S:P', 'CVSS-B'],
  ])('%s is %s', (vector, nomenclature) => {
    const result = scoreCvss(vector);
    expect(result.version === '4.0' && result.nomenclature).toBe(nomenclature);
  });

  it('scores unset threat and security requirements as their worst case', () => {
    const bare = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N';
    const worst = `${bare}/E:A/CR:H/IR:H/AR:H`;
    expect(scoreCvss(worst).baseScore).toBe(scoreCvss(bare).baseScore);
    expect(scoreCvss(`${bare}/E:U`).baseScore).toBeLessThan(scoreCvss(bare).baseScore);
  });
});

describe('parseCvss', () => {
  it.each([
    ['a bare v2 vector', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', '2.0', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    ['v2 in parentheses', '(AV:N/AC:L/Au:N/C:P/I:P/A:P)', '2.0', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    ['v2 after CVSS:2.0/', 'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', '2.0', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    [
      'v2 with ND metrics dropped',
      'AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:OF',
      '2.0',
      'AV:N/AC:L/Au:N/C:P/I:P/A:P/RL:OF',
    ],
    [
      'v3.0',
      'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      '3.0',
      'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    ],
    [
      'v3.1 in any order, put in the specification order, X dropped',
      'CVSS:3.1/A:H/E:X/S:U/RL:O/C:H/I:H/AV:N/AC:L/PR:N/UI:N/MAV:L',
      '3.1',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RL:O/MAV:L',
    ],
    [
      'v4.0 with surrounding whitespace',
      '  CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/U:Red\n',
      '4.0',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red',
    ],
  ])('reads %s', (_name, input, version, normalized) => {
    const parsed = parseCvss(input);
    expect(parsed.version).toBe(version);
    expect(parsed.vector).toBe(normalized);
    expect(scoreCvss(input).vector).toBe(normalized);
  });

  it('keeps the metrics it read, "not defined" ones left out', () => {
    const parsed = parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RC:X');
    expect(parsed.metrics).toEqual({
      AV: 'N',
      AC: 'L',
      PR: 'N',
      UI: 'N',
      S: 'U',
      C: 'H',
      I: 'H',
      A: 'H',
      E: 'P',
    });
  });
});

const v31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const v40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('parseCvss: invalid vectors', () => {
  it.each<[string, string, string, number, string | undefined]>([
    ['empty', '', 'empty', 0, undefined],
    ['only whitespace', '   ', 'empty', 0, undefined],
    ['an unknown version', 'CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'unknown-version', 0, undefined],
    ['a prefix without metrics', 'CVSS:3.1/', 'malformed', 9, undefined],
    ['a trailing slash', `${v31}/`, 'malformed', v31.length + 1, undefined],
    ['a pair without a value', 'CVSS:3.1/AV:/AC:L', 'malformed', 9, undefined],
    ['an unknown metric', `${v31}/XX:N`, 'unknown-metric', v31.length + 1, 'XX'],
    ['a v2 metric in v3', `${v31}/Au:N`, 'unknown-metric', v31.length + 1, 'Au'],
    ['a v3 vector without its prefix', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'unknown-metric', 10, 'PR'],
    [
      'metric names are case-sensitive',
      'CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      'unknown-metric',
      9,
      'av',
    ],
    ['a missing base metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'missing-metric', 40, 'A'],
    ['a repeated metric', `${v31}/AV:L`, 'duplicate-metric', v31.length + 1, 'AV'],
    ['a repeated X metric', `${v31}/E:X/E:X`, 'duplicate-metric', v31.length + 5, 'E'],
    ['a bad value', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'bad-value', 12, 'AV'],
    ['a v4 value in v3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:P/S:U/C:H/I:H/A:H', 'bad-value', 27, 'UI'],
    ['v2 out of order (guide 2.4)', 'AC:L/AV:N/Au:N/C:P/I:P/A:P', 'out-of-order', 5, 'AV'],
    ['v2 with a v3 value', 'AV:N/AC:L/Au:N/C:H/I:P/A:P', 'bad-value', 17, 'C'],
    ['v2 missing Au', '(AV:N/AC:L/C:P/I:P/A:P)', 'missing-metric', 22, 'Au'],
    [
      'v4 out of order (spec section 7)',
      'CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      'out-of-order',
      14,
      'AV',
    ],
    ['v4 threat metric after environmental', `${v40}/CR:H/E:A`, 'out-of-order', v40.length + 6, 'E'],
    [
      'v4 without SA',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N',
      'missing-metric',
      58,
      'SA',
    ],
    ['v4 MSC:S (only MSI and MSA take S)', `${v40}/MSC:S`, 'bad-value', v40.length + 5, 'MSC'],
    ['v4 supplemental values are case-sensitive', `${v40}/U:red`, 'bad-value', v40.length + 3, 'U'],
    ['two colons', 'CVSS:4.0/AV:N:N/AC:L', 'malformed', 9, undefined],
  ])('rejects %s', (_name, input, reason, offset, metric) => {
    let thrown: unknown;
    try {
      parseCvss(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ParseError);
    const error = thrown as ParseError;
    expect(error.code).toBe('ERR_OSPO_CVSS');
    expect(error.details?.reason).toBe(reason);
    expect(error.details?.offset).toBe(offset);
    expect(error.details?.metric).toBe(metric);
    expect(error.column).toBe(offset + 1);
    expect(() => scoreCvss(input)).toThrow(ParseError);
  });
});

describe('ratingOf', () => {
  it.each<[number, CvssVersion, CvssRating]>([
    [0, '3.1', 'none'],
    [0.1, '3.1', 'low'],
    [3.9, '3.0', 'low'],
    [4.0, '4.0', 'medium'],
    [6.9, '4.0', 'medium'],
    [7.0, '3.1', 'high'],
    [8.9, '3.1', 'high'],
    [9.0, '4.0', 'critical'],
    [10, '3.0', 'critical'],
    [0, '2.0', 'low'],
    [3.9, '2.0', 'low'],
    [4.0, '2.0', 'medium'],
    [6.9, '2.0', 'medium'],
    [7.0, '2.0', 'high'],
    [10, '2.0', 'high'],
  ])('%d in %s is %s', (score, version, rating) => {
    expect(ratingOf(score, version)).toBe(rating);
  });

  it.each([-0.1, 10.1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (score) => {
    expect(() => ratingOf(score, '3.1')).toThrow(expect.objectContaining({ code: 'ERR_OSPO_CVSS_SCORE' }));
  });
});

describe('severityFromOsv', () => {
  const v2: OsvSeverity = { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' };
  const v3: OsvSeverity = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' };
  const v4: OsvSeverity = {
    type: 'CVSS_V4',
    score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N',
  };
  const ubuntu: OsvSeverity = { type: 'Ubuntu', score: 'high' };

  it('prefers CVSS_V4, then CVSS_V3, then CVSS_V2, whatever the list order', () => {
    expect(severityFromOsv([v2, v3, v4, ubuntu])).toMatchObject({ version: '4.0', baseScore: 8.7 });
    expect(severityFromOsv([ubuntu, v2, v3])).toMatchObject({
      version: '3.1',
      baseScore: 7.5,
      rating: 'high',
    });
    expect(severityFromOsv([v2])).toMatchObject({ version: '2.0', baseScore: 5.0, rating: 'medium' });
  });

  it('ignores other types and returns null when nothing is usable', () => {
    expect(severityFromOsv([ubuntu])).toBeNull();
    expect(severityFromOsv([])).toBeNull();
  });

  it('passes over invalid vectors and mismatched versions, and reports them', () => {
    const broken: OsvSeverity = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' };
    const mislabeled: OsvSeverity = { type: 'CVSS_V3', score: v4.score };
    const reported: string[] = [];
    const result = severityFromOsv([broken, mislabeled, v2], {
      onInvalid: (entry, error) => reported.push(`${entry.type} ${error.code}`),
    });
    expect(result).toMatchObject({ version: '2.0', baseScore: 5.0 });
    expect(reported).toEqual(['CVSS_V4 ERR_OSPO_CVSS', 'CVSS_V3 ERR_OSPO_CVSS']);
  });

  it('takes the first valid entry of a type', () => {
    const other: OsvSeverity = { type: 'CVSS_V3', score: 'CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' };
    expect(severityFromOsv([{ type: 'CVSS_V3', score: 'nonsense' }, other, v3])).toMatchObject({
      version: '3.0',
      baseScore: 7.8,
    });
  });
});

/** A valid vector of a grammar: every required metric, optional ones at random, v3 in any order. */
function vectorArb(grammar: VectorGrammar, prefix: string): fc.Arbitrary<string> {
  const pairs = grammar.metrics.map((metric) => {
    const pair = fc.constantFrom(...metric.values).map((value) => `${metric.name}:${value}`);
    return metric.required ? pair.map((p): string | null => p) : fc.option(pair, { nil: null });
  });
  return fc
    .tuple(...pairs)
    .map((chosen) => chosen.filter((p): p is string => p !== null))
    .chain((chosen) =>
      grammar.ordered ? fc.constant(chosen) : fc.shuffledSubarray(chosen, { minLength: chosen.length }),
    )
    .map((chosen) => `${prefix}${chosen.join('/')}`);
}

const validVectorArb = fc.oneof(
  vectorArb(v2Grammar, ''),
  vectorArb(v30Grammar, 'CVSS:3.0/'),
  vectorArb(v31Grammar, 'CVSS:3.1/'),
  vectorArb(v4Grammar, 'CVSS:4.0/'),
  vectorArb(v4Grammar, 'CVSS:4.0/'),
);

/** A valid vector with a random edit: characters deleted, replaced or inserted. */
const mutatedVectorArb = fc
  .tuple(
    validVectorArb,
    fc.nat(),
    fc.nat({ max: 4 }),
    fc.string({ maxLength: 4, unit: fc.constantFrom(...'/:ANLHXPS(CVS.4') }),
  )
  .map(([vector, at, drop, insert]) => {
    const i = at % (vector.length + 1);
    return vector.slice(0, i) + insert + vector.slice(i + drop);
  });

function expectedRating(score: number, version: CvssVersion): CvssRating {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}

describe('properties', () => {
  it('any string either scores or throws ERR_OSPO_CVSS, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutatedVectorArb), (input) => {
        try {
          const result = scoreCvss(input);
          expect(result.baseScore).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(isOspoError(error) && error.code).toBe('ERR_OSPO_CVSS');
          const offset = (error as ParseError).details?.offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('every valid vector scores 0.0-10.0 with one decimal and a rating that fits', () => {
    fc.assert(
      fc.property(validVectorArb, (vector) => {
        const result = scoreCvss(vector);
        expect(result.baseScore).toBeGreaterThanOrEqual(0);
        expect(result.baseScore).toBeLessThanOrEqual(10);
        expect(String(result.baseScore)).toMatch(/^(10|\d)(\.\d)?$/);
        expect(result.rating).toBe(expectedRating(result.baseScore, result.version));
      }),
      { numRuns: 3000 },
    );
  });

  it('the normalized vector reads back to itself and scores the same', () => {
    fc.assert(
      fc.property(validVectorArb, (vector) => {
        const first = scoreCvss(vector);
        const again = scoreCvss(first.vector);
        expect(again).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });
});
