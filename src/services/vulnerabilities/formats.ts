import { randomUUID } from 'node:crypto';
import type { Justification, TriageState } from '../../core/vex.js';
import type { Finding, VulnReport } from './match.js';

/**
 * `ospo vulns` reports: JSON (the contract), SARIF 2.1.0 for code-scanning views, and VEX
 * documents, CycloneDX 1.6 and OpenVEX 0.2.0, that say which known vulnerabilities affect the product.
 */

export interface VexOptions {
  toolVersion: string;
  /** ISO 8601; passed in so output is reproducible in tests. */
  timestamp: string;
  /** The product the statements are about (the scanned project), as a purl or a name. */
  subject: string;
  serial?: string;
}

export function vulnJson(report: VulnReport): string {
  return `${JSON.stringify({ findings: report.findings, problems: report.problems, summary: report.summary }, null, 2)}\n`;
}

const sarifLevel = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  unknown: 'warning',
} as const;

export function vulnSarif(report: VulnReport, toolVersion: string): string {
  const advisories = [...new Map(report.findings.map((f) => [f.advisory, f])).values()];
  const index = new Map(advisories.map((f, i) => [f.advisory, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ospokit',
            version: toolVersion,
            informationUri: 'https://github.com/ospokit/ospokit',
            rules: advisories.map((f) => ({
              id: f.advisory,
              shortDescription: { text: f.summary ?? f.advisory },
              helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.advisory)}`,
              properties: {
                aliases: f.aliases,
                ...(f.score !== null ? { 'security-severity': f.score.toFixed(1) } : {}),
              },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.advisory,
          ruleIndex: index.get(f.advisory) ?? 0,
          level: sarifLevel[f.severity],
          message: {
            text: `${f.name}@${f.version} (${f.ecosystem}) is affected by ${f.advisory}${f.summary ? `: ${f.summary}` : ''}. ${
              f.fixed.length ? `Fixed in ${f.fixed.join(', ')}.` : 'No fixed version is known.'
            }`,
          },
          locations: f.locations.map((uri) => ({ physicalLocation: { artifactLocation: { uri } } })),
          partialFingerprints: { 'ospoFinding/v1': `${f.purl}|${f.advisory}` },
          properties: { purl: f.purl, severity: f.severity, fixed: f.fixed, introducedBy: f.introduced_by },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

const cdxMethod: Record<string, string> = {
  '2.0': 'CVSSv2',
  '3.0': 'CVSSv3',
  '3.1': 'CVSSv31',
  '4.0': 'CVSSv4',
};

/** A decision recorded about a finding, as the VEX writers need it. */
export interface VexTriage {
  state: TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  updatedAt?: string;
}

/** A finding with its triage, when one was recorded (saved scans); `ospo vulns` findings have none. */
export type VexFinding = Finding & { triage?: VexTriage | null };

/** CycloneDX 1.6 VEX: the affected components and, per advisory and decision, what is known of it. */
export function cyclonedxVex(report: { findings: readonly VexFinding[] }, options: VexOptions): string {
  const purls = [...new Set(report.findings.map((f) => f.purl))];
  const byPurl = new Map(report.findings.map((f) => [f.purl, f]));
  // one vulnerability entry per advisory and analysis: components decided differently get their own
  const byAdvisory = new Map<string, { id: string; analysis: CdxAnalysis; findings: VexFinding[] }>();
  for (const f of report.findings) {
    const analysis = cdxAnalysis(f.triage ?? null);
    const key = `${f.advisory}\u0000${JSON.stringify(analysis)}`;
    const group = byAdvisory.get(key) ?? { id: f.advisory, analysis, findings: [] };
    group.findings.push(f);
    byAdvisory.set(key, group);
  }
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${options.serial ?? randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'ospokit', version: options.toolVersion }] },
      component: { type: 'application', name: options.subject, 'bom-ref': 'subject' },
    },
    components: purls.map((purl) => {
      const f = byPurl.get(purl);
      return {
        type: 'library',
        'bom-ref': purl,
        name: f?.name ?? purl,
        ...(f?.version ? { version: f.version } : {}),
        purl,
      };
    }),
    vulnerabilities: [...byAdvisory.values()].map(({ id, analysis, findings }) => {
      const first = findings[0] as VexFinding;
      return {
        id,
        source: { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` },
        ...(first.aliases.length
          ? {
              references: first.aliases.map((a) => ({ id: a, source: { name: a.split('-')[0] ?? 'alias' } })),
            }
          : {}),
        ...(first.score !== null && first.cvss
          ? {
              ratings: [
                {
                  score: first.score,
                  severity: first.severity,
                  method: cdxMethod[first.cvss.version] ?? 'other',
                  vector: first.cvss.vector,
                },
              ],
            }
          : {}),
        ...(first.summary ? { description: first.summary } : {}),
        ...(first.fixed.length ? { recommendation: `Upgrade to ${first.fixed.join(' or ')}.` } : {}),
        analysis,
        affects: findings.map((f) => ({
          ref: f.purl,
          versions: [{ version: f.version, status: 'affected' }],
        })),
      };
    }),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

/** OpenVEX 0.2.0: one statement per advisory and affected package, under investigation until triaged. */
export function openVex(report: { findings: readonly VexFinding[] }, options: VexOptions): string {
  const doc = {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://openvex.dev/docs/ospokit/${options.serial ?? randomUUID()}`,
    author: 'ospokit',
    timestamp: options.timestamp,
    version: 1,
    tooling: `ospokit ${options.toolVersion}`,
    statements: report.findings.map((f) => ({
      vulnerability: {
        name: f.advisory,
        ...(f.aliases.length ? { aliases: f.aliases } : {}),
        ...(f.summary ? { description: f.summary } : {}),
      },
      products: [{ '@id': options.subject, subcomponents: [{ '@id': f.purl }] }],
      ...(f.triage?.updatedAt ? { timestamp: f.triage.updatedAt } : {}),
      ...openVexStatus(f),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface CdxAnalysis {
  state: TriageState;
  justification?: string;
  response?: string[];
  detail?: string;
}

/** CycloneDX wants its own justifications; OpenVEX/CSAF ones map to the nearest. */
const toCyclonedx: Partial<Record<Justification, string>> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

const toOpenVex: Partial<Record<Justification, string>> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

function cdxAnalysis(triage: VexTriage | null): CdxAnalysis {
  if (!triage) return { state: 'in_triage' };
  const j = triage.justification as Justification | null;
  const justification = j ? (toCyclonedx[j] ?? j) : null;
  return {
    state: triage.state,
    ...(justification && triage.state === 'not_affected' ? { justification } : {}),
    ...(triage.response.length ? { response: triage.response } : {}),
    ...(triage.detail ? { detail: triage.detail } : {}),
  };
}

/** OpenVEX has four statuses; a false positive is "not affected: the component is not present". */
function openVexStatus(f: VexFinding): Record<string, string> {
  const t = f.triage;
  const fix = f.fixed.length ? `Upgrade ${f.name} to ${f.fixed.join(' or ')}.` : 'No fixed version is known.';
  if (!t || t.state === 'in_triage') return { status: 'under_investigation' };
  if (t.state === 'resolved') return { status: 'fixed' };
  if (t.state === 'exploitable') return { status: 'affected', action_statement: t.detail ?? fix };
  const j = t.justification as Justification | null;
  const justification = j ? (toOpenVex[j] ?? j) : 'component_not_present';
  return {
    status: 'not_affected',
    justification,
    ...(t.detail ? { impact_statement: t.detail } : {}),
  };
}
