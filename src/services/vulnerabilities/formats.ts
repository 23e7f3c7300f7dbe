import { randomUUID } from 'node:crypto';
import type { VulnReport } from './match.js';

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

/** CycloneDX 1.6 VEX: the affected components and one vulnerability each with what is known of it. */
export function cyclonedxVex(report: VulnReport, options: VexOptions): string {
  const purls = [...new Set(report.findings.map((f) => f.purl))];
  const byPurl = new Map(report.findings.map((f) => [f.purl, f]));
  const byAdvisory = new Map<string, VulnReport['findings']>();
  for (const f of report.findings) byAdvisory.set(f.advisory, [...(byAdvisory.get(f.advisory) ?? []), f]);
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
    vulnerabilities: [...byAdvisory].map(([id, findings]) => {
      const first = findings[0] as VulnReport['findings'][number];
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
        analysis: { state: 'in_triage' },
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
export function openVex(report: VulnReport, options: VexOptions): string {
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
      status: 'under_investigation',
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
