import { request } from '../api';
import type { Verdict } from '../licenses/api';
import type { Severity, Triage } from '../vulnerabilities/api';

/** GET /api/v1/packages/{package}: one package across the portfolio. */

export interface PackageUsageRow {
  projectId: string;
  projectName: string;
  scanId: string;
  scannedAt: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  licenses: string[];
  findings: { advisory: string; severity: Severity; triage: Triage | null }[];
  verdict: { verdict: Verdict; expression: string; waived: string | null; context: string } | null;
}

export interface PackageAdvisory {
  id: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  score: number | null;
  fixed: string[];
  versions: string[];
  projects: number;
  open: number;
}

export interface PackageReport {
  query: { ecosystem: string | null; name: string; version: string | null };
  projects: number;
  versions: { purl: string; version: string | null; projects: number }[];
  usage: PackageUsageRow[];
  licenses: { expression: string; projects: number; versions: (string | null)[] }[];
  advisories: PackageAdvisory[];
  policyVersion: number | null;
}

export const packageApi = {
  get: (ref: string) => request<PackageReport>('GET', `/api/v1/packages/${encodeURIComponent(ref)}`),
};

/**
 * The address of a package's page: a purl (its version, qualifiers and subpath dropped, so the page shows
 * every version in use) or a bare name, URL-encoded whole.
 */
export function packagePagePath(purlOrName: string): string {
  const ref = purlOrName.startsWith('pkg:')
    ? (purlOrName.split(/[?#]/)[0] ?? purlOrName).replace(/@[^@/]*$/, '')
    : purlOrName;
  return `/packages/${encodeURIComponent(ref)}`;
}

/** The package a /packages/... path names, if it is one. */
export function packageRefOf(path: string): string | undefined {
  const encoded = /^\/packages\/([^/]+)$/.exec(path)?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
