import { type Distribution, type Page, query, request } from '../api';

/** The license-compliance part of the HTTP API: verdicts, the policy, and waivers. */

export const verdicts = ['deny', 'review', 'allow'] as const;
export type Verdict = (typeof verdicts)[number];

export const licenseCategories = [
  'public-domain',
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'network-copyleft',
  'non-commercial',
  'proprietary',
  'unknown',
] as const;
export type LicenseCategory = (typeof licenseCategories)[number];
export type CategoryCounts = Partial<Record<LicenseCategory, number>>;

export interface VerdictSummary {
  packages: number;
  allow: number;
  review: number;
  deny: number;
  /** Allowed only thanks to a waiver. */
  waived: number;
}

export interface LicenseReason {
  license: string;
  category: string;
  verdict: Verdict;
  rule: { description: string; reason?: string };
}

export interface CheckedPackage {
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  locations: string[];
  declared: string[];
  detected: string | null;
  result: {
    verdict: Verdict;
    expression: string;
    elected?: string;
    waived?: string;
    context: string;
    reasons: LicenseReason[];
  };
  /** Purls from a direct dependency down to this package. */
  introducedBy?: string[];
}

export interface ProjectLicenses extends Page<CheckedPackage> {
  project: { id: string; name: string };
  scanId: string | null;
  scannedAt: string | null;
  policyVersion: number;
  context: Distribution;
  summary: VerdictSummary;
  categories: CategoryCounts;
}

export interface PortfolioLicenses {
  policyVersion: number;
  totals: VerdictSummary;
  categories: CategoryCounts;
  projects: {
    id: string;
    name: string;
    scanId: string | null;
    context: Distribution;
    summary: VerdictSummary;
    categories: CategoryCounts;
  }[];
}

export interface PolicyVersion {
  /** 0 while the built-in default applies. */
  version: number;
  document: string;
  createdAt: string | null;
  createdBy: string | null;
}

export interface Waiver {
  id: string;
  package: string;
  version: string;
  project: string;
  license: string | null;
  reason: string;
  approver: string;
  expires: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface NewWaiver {
  package: string;
  version?: string;
  project?: string;
  license?: string;
  reason: string;
  approver: string;
  expires: string;
}

export type VerdictFilter = {
  verdict?: Verdict | undefined;
  q?: string | undefined;
};

const projectPath = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}`;

export const licenseApi = {
  portfolio: () => request<PortfolioLicenses>('GET', '/api/v1/licenses/summary'),
  project: (project: string, params: VerdictFilter & { limit?: number; cursor?: string | undefined }) =>
    request<ProjectLicenses>('GET', `${projectPath(project)}/licenses${query(params)}`),
  setDistribution: (project: string, distribution: Distribution | null) =>
    request<{ distribution: Distribution | null }>('PUT', `${projectPath(project)}/distribution`, {
      distribution,
    }),
  policy: () => request<PolicyVersion>('GET', '/api/v1/policy/licenses'),
  savePolicy: (document: string) => request<PolicyVersion>('PUT', '/api/v1/policy/licenses', { document }),
  policyHistory: () => request<{ items: PolicyVersion[] }>('GET', '/api/v1/policy/licenses/history'),
  waivers: (params: { includeRevoked?: boolean; limit?: number; cursor?: string | undefined }) =>
    request<Page<Waiver>>(
      'GET',
      `/api/v1/waivers${query({ ...params, includeRevoked: params.includeRevoked ? 'true' : undefined })}`,
    ),
  grantWaiver: (body: NewWaiver) => request<Waiver>('POST', '/api/v1/waivers', body),
  revokeWaiver: (id: string) => request<Waiver>('DELETE', `/api/v1/waivers/${encodeURIComponent(id)}`),
};

/** Every license query starts with this key, so one invalidation refreshes all verdicts. */
export const licensesKey = ['licenses'] as const;
