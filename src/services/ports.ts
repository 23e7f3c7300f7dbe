import type { AuditEntry, Project, Role, Team, User } from '../core/schemas.js';

/**
 * What the services need from storage. Declared here, implemented in src/store, so that services
 * never see SQL and a test can hand them any implementation.
 */

export interface KeysetCursor {
  key: string;
  id: string;
}

export interface ListOptions {
  limit: number;
  after?: KeysetCursor | undefined;
}

export interface ProjectInsert {
  name: string;
  description: string | null;
  ownerTeamId: string | null;
  lifecycle: Project['lifecycle'];
  relation: Project['relation'];
}

export interface ProjectRepository {
  /** Ordered by lower(name), then id. */
  list(options: ListOptions): Promise<Project[]>;
  count(): Promise<number>;
  get(id: string): Promise<Project | null>;
  getByName(name: string): Promise<Project | null>;
  insert(project: ProjectInsert): Promise<Project>;
}

export interface TeamRepository {
  list(options: ListOptions): Promise<Team[]>;
  get(id: string): Promise<Team | null>;
  getByName(name: string): Promise<Team | null>;
  insert(team: { name: string; title: string | null }): Promise<Team>;
  addMember(teamId: string, userId: string): Promise<void>;
}

export interface UserWithSecret extends User {
  passwordHash: string | null;
  disabled: boolean;
}

export interface UserRepository {
  count(): Promise<number>;
  list(options: ListOptions): Promise<User[]>;
  /** Active (not disabled) users only. */
  get(id: string): Promise<User | null>;
  getByEmailWithSecret(email: string): Promise<UserWithSecret | null>;
  insert(user: { email: string; name: string; role: Role; passwordHash: string }): Promise<User>;
  /** Hold off other first-user checks until this transaction ends. */
  lockForFirstUser(): Promise<void>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  delete(id: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface AuditAppend {
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditAppend): Promise<void>;
  /** Newest first. */
  list(options: {
    limit: number;
    before?: string | undefined;
    targetType?: string | undefined;
  }): Promise<AuditEntry[]>;
}

export interface Repositories {
  projects: ProjectRepository;
  teams: TeamRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditLog;
}

export interface Store {
  readonly repos: Repositories;
  /** Run fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
}
