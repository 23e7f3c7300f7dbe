/** A small typed client for the ospokit HTTP API. Errors arrive as RFC 9457 problem+json. */

import type {
  Distribution,
  Lifecycle,
  OpenSourceRelation as Relation,
  Role,
} from '../../src/core/vocabulary.js';

// the server's own word lists (a module without dependencies)
export {
  distributions,
  lifecycles,
  openSourceRelations as relations,
} from '../../src/core/vocabulary.js';
export type { Distribution, Lifecycle, Relation, Role };

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
}

/** Whether single sign-on (OpenID Connect) is configured, and where its button goes. */
export interface SsoState {
  enabled: boolean;
  startUrl: string | null;
}

export interface Project {
  id: string;
  name: string;
  description: string | null;
  ownerTeamId: string | null;
  lifecycle: Lifecycle;
  relation: Relation;
  /** How the project's code reaches others; null: the license policy's default context. */
  distribution: Distribution | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewProject {
  name: string;
  description?: string;
  ownerTeamId?: string;
  lifecycle?: Lifecycle;
  relation?: Relation;
  distribution?: Distribution | null;
}

export interface Team {
  id: string;
  name: string;
  title: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface ScanSummary {
  id: string;
  projectId: string;
  createdAt: string;
  createdBy: string;
  source: 'path' | 'sbom';
  vcsCommit: string | null;
  vcsBranch: string | null;
  toolVersion: string;
  packageCount: number;
  edgeCount: number;
  fileCount: number;
  errorCount: number;
}

export interface ScanDetail extends ScanSummary {
  files: { path: string; format: string; packages: number; warnings: { code: string; message: string }[] }[];
  errors: { path: string; code: string; message: string; line?: number }[];
}

export interface ScanPackage {
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  licenses: string[];
  locations: string[];
}

/** A package of a scan's dependency tree; `children`: how many packages it depends on. */
export interface DependencyNode {
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  licenses: string[];
  children: number;
}

/** Shortest paths (purls, root first) to a package, and how many roots reach it. */
export interface DependencyPaths {
  to: string;
  roots: number;
  paths: string[][];
}

export interface ScanDiff {
  from: string;
  to: string;
  added: ScanPackage[];
  removed: ScanPackage[];
  changed: { ecosystem: string; name: string; from: (string | null)[]; to: (string | null)[] }[];
}

export type PackageFilter = {
  q?: string | undefined;
  ecosystem?: string | undefined;
  scope?: string | undefined;
};

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** Long work (an SBOM upload, a server-side scan, an advisory sync) runs as a job; follow it by id. */
export interface Job {
  id: string;
  name: string;
  state: JobState;
  /** total is null while the amount of work is not known yet. */
  progress: { done: number; total: number | null; message: string } | null;
  /** Once completed: what it made; a scan job's is `{ scan }`. */
  result: Record<string, unknown> | null;
  error: { code: string; message: string; hint: string | null } | null;
  submittedBy: string;
  summary: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface JobAccepted {
  job: Job;
  location: string;
}

export const finishedJobStates: ReadonlySet<JobState> = new Set(['completed', 'cancelled', 'failed']);

export interface Health {
  status: 'ok';
  version: string;
  store: string;
}

export interface FieldProblem {
  path: string;
  message: string;
  /** The line of a document (such as a license policy) the problem is on. */
  line?: number;
}

/** A failed API call, carrying the problem details the server sent (or a stand-in when it sent none). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly hint: string | undefined;
  readonly errors: FieldProblem[];

  constructor(status: number, problem: Partial<Problem>) {
    const detail = problem.detail ?? problem.title ?? `request failed with HTTP ${status}`;
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? 'ERR_OSPO_HTTP';
    this.detail = detail;
    this.hint = problem.hint;
    this.errors = problem.errors ?? [];
  }
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  hint?: string;
  errors?: FieldProblem[];
}

let csrfToken: string | null = null;

/** Remember the token that changes must echo in X-CSRF-Token (from setup, login or session). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, {
      detail: 'Could not reach the ospokit server.',
      hint: 'Check that `ospo serve` is running and your network is up, then try again.',
      code: 'ERR_OSPO_NETWORK',
    });
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<Partial<Problem>> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Partial<Problem>;
    } catch {
      // fall through to the generic problem
    }
  }
  return { detail: `The server answered ${response.status} ${response.statusText}.`.replace(' .', '.') };
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  health: () => request<Health>('GET', '/api/health'),
  setupState: () => request<{ needsSetup: boolean }>('GET', '/api/v1/setup'),
  setup: (body: { email: string; name: string; password: string }) =>
    request<Session>('POST', '/api/v1/setup', body),
  login: (body: { email: string; password: string }) => request<Session>('POST', '/api/v1/auth/login', body),
  session: () => request<Session>('GET', '/api/v1/auth/session'),
  ssoState: () => request<SsoState>('GET', '/api/v1/auth/oidc'),
  logout: async () => {
    try {
      await request<void>('POST', '/api/v1/auth/logout');
    } catch (error) {
      // A token gone stale (say, after signing in again in another tab) should not keep anyone signed in.
      if (!(error instanceof ApiError && error.code === 'ERR_OSPO_CSRF')) throw error;
      setCsrfToken((await request<Session>('GET', '/api/v1/auth/session')).csrfToken);
      await request<void>('POST', '/api/v1/auth/logout');
    }
  },
  listProjects: (params: { limit?: number; cursor?: string | undefined } = {}) =>
    request<Page<Project>>('GET', `/api/v1/projects${query(params)}`),
  createProject: (body: NewProject) => request<Project>('POST', '/api/v1/projects', body),
  getProject: (name: string) => request<Project>('GET', `/api/v1/projects/${encodeURIComponent(name)}`),
  listScans: (project: string, params: { limit?: number; cursor?: string | undefined } = {}) =>
    request<Page<ScanSummary>>(
      'GET',
      `/api/v1/projects/${encodeURIComponent(project)}/scans${query(params)}`,
    ),
  getScan: (id: string) => request<ScanDetail>('GET', `/api/v1/scans/${id}`),
  listScanPackages: (id: string, params: PackageFilter & { limit?: number; cursor?: string | undefined }) =>
    request<Page<ScanPackage>>('GET', `/api/v1/scans/${id}/packages${query(params)}`),
  listDependencies: (
    id: string,
    params: { of?: string | undefined; limit?: number; cursor?: string | undefined },
  ) => request<Page<DependencyNode>>('GET', `/api/v1/scans/${id}/dependencies${query(params)}`),
  dependencyPaths: (id: string, to: string, limit = 5) =>
    request<DependencyPaths>('GET', `/api/v1/scans/${id}/paths${query({ to, limit })}`),
  diffScans: (id: string, against: string) =>
    request<ScanDiff>('GET', `/api/v1/scans/${id}/diff${query({ against })}`),
  uploadSbom: (project: string, body: { sbom: string; name?: string }) =>
    request<JobAccepted>('POST', `/api/v1/projects/${encodeURIComponent(project)}/scans`, body),
  getJob: (id: string) => request<Job>('GET', `/api/v1/jobs/${encodeURIComponent(id)}`),
  listTeams: (params: { limit?: number; cursor?: string | undefined } = {}) =>
    request<Page<Team>>('GET', `/api/v1/teams${query(params)}`),
};

/** Field messages keyed by their top-level field name, for showing next to the inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const problem of error.errors) {
    const field = problem.path.split('.')[0] ?? problem.path;
    out[field] ??= problem.message;
  }
  return out;
}
