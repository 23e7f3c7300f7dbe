import { query, request } from '../api';

/** The vulnerabilities part of the HTTP API: findings, their triage, advisories and VEX exports. */

export const severities = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Severity = (typeof severities)[number];
export type SeverityCounts = Record<Severity, number>;

export const triageStates = [
  'in_triage',
  'exploitable',
  'resolved',
  'false_positive',
  'not_affected',
] as const;
export type TriageState = (typeof triageStates)[number];
/** A finding's state, `untriaged` until someone (or a VEX document) decides. */
export type FindingState = 'untriaged' | TriageState;
export const findingStates = ['untriaged', ...triageStates] as const;
/** What the queue can filter on: a state, or `open` (untriaged, in triage or exploitable). */
export type StateFilter = 'open' | FindingState;

/** CycloneDX 1.6 `analysis.justification`. */
export const cyclonedxJustifications = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
/** OpenVEX 0.2.0 justifications (CSAF's flags too). */
export const openvexJustifications = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type Justification = (typeof cyclonedxJustifications)[number] | (typeof openvexJustifications)[number];

export const triageResponses = [
  'can_not_fix',
  'will_not_fix',
  'update',
  'rollback',
  'workaround_available',
] as const;
export type TriageResponse = (typeof triageResponses)[number];

export interface Triage {
  state: TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  /** `user`, or `vex:<format>` when a VEX document set it. */
  source?: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FindingRow {
  projectId: string;
  projectName: string;
  scanId: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  advisory: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  score: number | null;
  cvss?: { version: string; vector: string } | null;
  /** For each affecting range, the smallest fixed version above this one. */
  fixed: string[];
  /** Purl chains, top first, down to the package's parent; empty for a direct dependency. */
  introducedBy: string[][];
  direct: boolean | null;
  /** null: not triaged yet. */
  triage: Triage | null;
  firstSeen: string;
}

export interface FindingsPage {
  items: FindingRow[];
  next: string | null;
  total: number;
}

export type FindingFilter = {
  severity?: Severity | undefined;
  state?: StateFilter | undefined;
  project?: string | undefined;
  q?: string | undefined;
};

export interface TrendPoint extends SeverityCounts {
  /** The day, ISO 8601. */
  at: string;
}

export interface ProjectCounts extends SeverityCounts {
  id: string;
  name: string;
}

/** GET /api/v1/vulnerabilities/summary as the server sends it. */
interface SummaryResponse {
  advisories: number;
  /** Projects with a saved scan. */
  projects: number;
  /** Projects with at least one open finding. */
  projectsAffected: number;
  open: SeverityCounts;
  states: Partial<Record<FindingState | 'open', number>>;
  trend: TrendPoint[];
  /** Projects with open findings, worst first, up to 10. */
  projectsAtRisk: ProjectCounts[];
}

/** The portfolio's vulnerability summary, as the pages use it. */
export interface VulnerabilitySummary {
  /** Advisories in the store. */
  advisories: number;
  /** Projects with a saved scan, so matched against the advisories. */
  projectsScanned: number;
  /** Projects with at least one open finding. */
  projectsAffected: number;
  open: SeverityCounts;
  states: Record<FindingState, number>;
  /** Open findings per day, oldest first. */
  trend: TrendPoint[];
  /** The worst projects first, up to 10. */
  worst: ProjectCounts[];
}

function readSummary(body: SummaryResponse): VulnerabilitySummary {
  const states = Object.fromEntries(findingStates.map((s) => [s, body.states[s] ?? 0])) as Record<
    FindingState,
    number
  >;
  const worst = body.projectsAtRisk.filter((p) => totalOf(p) > 0);
  return {
    advisories: body.advisories,
    projectsScanned: body.projects,
    projectsAffected: body.projectsAffected,
    open: { ...zeroCounts(), ...body.open },
    states,
    trend: body.trend,
    worst,
  };
}

export interface Advisory {
  id: string;
  summary: string | null;
  details: string | null;
  aliases: string[];
  published: string | null;
  modified: string;
  withdrawn: string | null;
  severity: Severity;
  score: number | null;
  cvss: { version: string; vector: string } | null;
  references: { type: string; url: string }[];
  affected: { ecosystem: string; name: string; ranges: unknown[]; versions: string[] }[];
  findings: FindingRow[];
}

export interface TriageInput {
  purl: string;
  advisory: string;
  state: TriageState;
  justification?: string | null;
  response?: string[];
  detail?: string | null;
}

export interface HistoryEntry {
  state: TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  actor: string;
  at: string;
  /** `user`, or `vex:<format>` when a VEX document said so. */
  source: string;
}

export const vexFormats = [
  { format: 'openvex', label: 'OpenVEX' },
  { format: 'cyclonedx', label: 'CycloneDX VEX' },
] as const;

const projectPath = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}`;
type Paging = { limit?: number; cursor?: string | undefined };

export const vulnApi = {
  summary: () => request<SummaryResponse>('GET', '/api/v1/vulnerabilities/summary').then(readSummary),
  findings: (params: FindingFilter & Paging) =>
    request<FindingsPage>('GET', `/api/v1/findings${query(params)}`),
  projectFindings: (project: string, params: Omit<FindingFilter, 'project'> & Paging) =>
    request<FindingsPage>('GET', `${projectPath(project)}/findings${query(params)}`),
  advisory: (id: string) => request<Advisory>('GET', `/api/v1/advisories/${encodeURIComponent(id)}`),
  triage: (project: string, body: TriageInput) =>
    request<Triage & { projectId: string; purl: string; advisory: string }>(
      'PUT',
      `${projectPath(project)}/findings/triage`,
      body,
    ),
  history: (project: string, finding: { purl: string; advisory: string }) =>
    request<{ items: HistoryEntry[] }>('GET', `${projectPath(project)}/findings/history${query(finding)}`),
  vexUrl: (project: string, format: string) => `${projectPath(project)}/vex${query({ format })}`,
};

/** Every vulnerability query starts with this key, so one invalidation refreshes them all. */
export const vulnerabilitiesKey = ['vulnerabilities'] as const;

export const zeroCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, unknown: 0 });
export const totalOf = (counts: SeverityCounts) => severities.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
