import type { CheckReport } from '../services/compliance/check.js';
import { explain, licenseLabel, packageLabel } from '../services/compliance/check-formats.js';
import type { VulnReport } from '../services/vulnerabilities/match.js';
import { printTable } from './format.js';

/** The table formats of `ospo check` and `ospo vulns`: a summary line, then the rows that matter. */

export function checkTable(report: CheckReport): string {
  const { summary: s } = report;
  let out = `${s.packages} packages in context ${report.context}: ${s.allow} allowed (${s.waived} by waiver), ${s.review} to review, ${s.deny} denied\n`;
  const flagged = report.packages.filter((p) => p.result.verdict !== 'allow' || p.result.waived);
  if (flagged.length === 0) return out;
  out += '\n';
  printTable({ stdout: (t) => (out += t) }, flagged, [
    ['verdict', (p) => (p.result.waived ? 'waived' : p.result.verdict)],
    ['package', packageLabel],
    ['ecosystem', (p) => p.ecosystem],
    ['license', licenseLabel],
    ['why', explain],
  ]);
  return out;
}

export function vulnsTable(report: VulnReport): string {
  const s = report.summary;
  let out = `${s.packages} packages, ${s.findings} findings (${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.unknown} unknown)\n`;
  if (report.findings.length === 0) return out;
  out += '\n';
  printTable({ stdout: (t) => (out += t) }, report.findings, [
    ['severity', (f) => f.severity],
    ['score', (f) => (f.score === null ? null : f.score.toFixed(1))],
    ['package', (f) => `${f.name}@${f.version}`],
    ['advisory', (f) => f.advisory],
    ['fixed in', (f) => f.fixed.join(', ') || 'no fix'],
    ['summary', (f) => f.summary],
  ]);
  return out;
}
