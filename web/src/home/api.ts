import { request } from '../api';
import type { CategoryCounts, VerdictSummary } from '../licenses/api';
import type { FindingState, SeverityCounts, TrendPoint } from '../vulnerabilities/api';

/** GET /api/v1/portfolio: everything the home page shows first, in one answer. */

export interface RiskRow {
  id: string;
  name: string;
  /** null: never scanned. */
  scannedAt: string | null;
  open: SeverityCounts;
  /** null when the signed-in role may not read license verdicts. */
  licenses: { deny: number; review: number } | null;
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** The project's name, for entries about a project. */
  targetName: string | null;
  details: Record<string, unknown>;
}

export interface Portfolio {
  generatedAt: string;
  projects: { total: number; scanned: number };
  risk: { atRisk: number; projects: RiskRow[] };
  licenses: { policyVersion: number; totals: VerdictSummary; categories: CategoryCounts } | null;
  vulnerabilities: {
    advisories: number;
    projects: number;
    projectsAffected: number;
    open: SeverityCounts;
    states: Partial<Record<FindingState | 'open', number>>;
    trend: TrendPoint[];
  } | null;
  freshness: {
    staleAfterDays: number;
    never: { count: number; projects: { id: string; name: string; createdAt: string }[] };
    stale: { count: number; projects: { id: string; name: string; scannedAt: string }[] };
  } | null;
  /** Only for roles that may read the audit log. */
  activity?: ActivityEntry[];
}

export const portfolioApi = {
  home: () => request<Portfolio>('GET', '/api/v1/portfolio'),
};

export const portfolioKey = ['portfolio'] as const;
