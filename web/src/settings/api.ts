import { type Page, query, type Role, request, type Team, type User } from '../api';

/** The Settings part of the HTTP API: users, teams and their members, and API tokens. */

export const tokenScopes = ['read', 'scan:write', 'triage', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export type TokenOwner =
  | { kind: 'user'; id: string; email: string }
  | { kind: 'team'; id: string; name: string };

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  owner: TokenOwner;
  scopes: TokenScope[];
  expiresAt: string | null;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface CreatedApiToken extends ApiToken {
  /** Shown this once: the server keeps only its hash. */
  secret: string;
}

export interface NewApiToken {
  name: string;
  scopes: TokenScope[];
  /** `30d`, a date (valid through that day, UTC), or `never` (admins). */
  expires?: string;
  team?: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** A user as admins manage it: with whether the account may sign in. */
export interface UserAccount extends User {
  disabled: boolean;
  disabledAt: string | null;
}

export interface UserChanges {
  name?: string;
  role?: Role;
  /** true ends their sessions and revokes their API tokens. */
  disabled?: boolean;
}

type Paging = { limit?: number; cursor?: string | undefined };

export const settingsApi = {
  users: (params: Paging) => request<Page<UserAccount>>('GET', `/api/v1/users${query(params)}`),
  createUser: (body: NewUser) => request<User>('POST', '/api/v1/users', body),
  updateUser: (id: string, body: UserChanges) =>
    request<UserAccount>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, body),
  teams: (params: Paging) => request<Page<Team>>('GET', `/api/v1/teams${query(params)}`),
  createTeam: (body: { name: string; title?: string }) => request<Team>('POST', '/api/v1/teams', body),
  members: (team: string, params: Paging) =>
    request<Page<User>>('GET', `/api/v1/teams/${encodeURIComponent(team)}/members${query(params)}`),
  addMember: (team: string, user: string) =>
    request<User>('POST', `/api/v1/teams/${encodeURIComponent(team)}/members`, { user }),
  removeMember: (team: string, user: string) =>
    request<void>('DELETE', `/api/v1/teams/${encodeURIComponent(team)}/members/${encodeURIComponent(user)}`),
  tokens: (params: Paging & { all?: boolean; includeRevoked?: boolean }) =>
    request<Page<ApiToken>>(
      'GET',
      `/api/v1/tokens${query({
        limit: params.limit,
        cursor: params.cursor,
        all: params.all ? 'true' : undefined,
        includeRevoked: params.includeRevoked ? 'true' : undefined,
      })}`,
    ),
  createToken: (body: NewApiToken) => request<CreatedApiToken>('POST', '/api/v1/tokens', body),
  revokeToken: (id: string) => request<void>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`),
};

/** Every Settings query starts with one of these keys, so a change refreshes what shows it. */
export const settingsKeys = {
  users: ['settings', 'users'] as const,
  teams: ['settings', 'teams'] as const,
  tokens: ['settings', 'tokens'] as const,
};

/** Who may do what, as src/services/actor.ts grants it; the server decides, this only shapes the page. */
export const userReaders: ReadonlySet<Role> = new Set(['admin', 'ospo', 'legal', 'security']);
export const userWriters: ReadonlySet<Role> = new Set(['admin']);
export const teamWriters: ReadonlySet<Role> = new Set(['admin', 'ospo']);
export const teamTokenWriters: ReadonlySet<Role> = new Set(['admin', 'ospo']);
export const tokenAdmins: ReadonlySet<Role> = new Set(['admin']);

export const scopeLabels: Record<TokenScope, { label: string; help: string }> = {
  read: { label: 'Read', help: 'Read projects, scans, verdicts and findings.' },
  'scan:write': { label: 'Upload scans', help: 'Read, and upload SBOMs and scans (and create projects).' },
  triage: { label: 'Triage', help: 'Read, and record triage decisions about findings.' },
  admin: { label: 'Everything you may do', help: 'All of your own rights, except managing tokens.' },
};

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  ospo: 'OSPO',
  legal: 'Legal',
  security: 'Security',
  member: 'Member',
  viewer: 'Viewer',
};

export const roleOptions = (Object.keys(roleLabels) as Role[]).map((value) => ({
  value,
  label: roleLabels[value],
}));
