import type { AdvisoryFacts, AdvisoryRows, AffectedMatchRow } from '../core/advisory-rows.js';

export type { AffectedMatchRow } from '../core/advisory-rows.js';

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

/** A list's order: one of its keys, ascending or not; ties go by id, in the same direction. */
export interface ListSort<K extends string> {
  key: K;
  desc: boolean;
}

export interface ProjectInsert {
  name: string;
  description: string | null;
  ownerTeamId: string | null;
  lifecycle: Project['lifecycle'];
  relation: Project['relation'];
  distribution: Project['distribution'];
}

export interface ProjectRepository {
  /**
   * Ordered by lower(name), then id, unless `sort` says otherwise; with `teamIds`, only those teams'
   * projects and unowned ones. Sorted by `scanned`, each carries the time of its newest scan.
   */
  list(
    options: ListOptions & {
      teamIds?: readonly string[] | undefined;
      sort?: ListSort<ProjectSortKey> | undefined;
    },
  ): Promise<(Project & { scannedAt?: string | null })[]>;
  count(): Promise<number>;
  get(id: string): Promise<Project | null>;
  /** These projects, in no particular order; unknown ids are left out. */
  getMany(ids: readonly string[]): Promise<Project[]>;
  getByName(name: string): Promise<Project | null>;
  insert(project: ProjectInsert): Promise<Project>;
  setDistribution(id: string, distribution: Project['distribution']): Promise<Project | null>;
  /** Move the project to a team, or to none; null when there is no such project. */
  setOwnerTeam(id: string, teamId: string | null): Promise<Project | null>;
}

/** Projects by lower(name), by when they were created, or by the time of their newest scan (never-scanned last). */
export type ProjectSortKey = 'name' | 'created' | 'scanned';
/** Users by lower(email), lower(name), or when they were created. */
export type UserSortKey = 'email' | 'name' | 'created';

export interface TeamRepository {
  /** By lower(name), then id, unless `sort` says otherwise. */
  list(options: ListOptions & { sort?: ListSort<'name' | 'created'> | undefined }): Promise<Team[]>;
  get(id: string): Promise<Team | null>;
  getByName(name: string): Promise<Team | null>;
  insert(team: { name: string; title: string | null }): Promise<Team>;
  addMember(teamId: string, userId: string): Promise<void>;
  /** False when the user was not a member. */
  removeMember(teamId: string, userId: string): Promise<boolean>;
  /** Rename or retitle; null when there is no such team. */
  update(id: string, changes: { name?: string; title?: string | null }): Promise<Team | null>;
  /** Ids of the teams the user belongs to. */
  teamsOf(userId: string): Promise<string[]>;
  /** The team's active members, by email unless `sort` says otherwise. */
  members(
    teamId: string,
    options: ListOptions & { sort?: ListSort<Exclude<UserSortKey, 'created'>> | undefined },
  ): Promise<User[]>;
}

export interface UserWithSecret extends User {
  passwordHash: string | null;
  disabled: boolean;
}

/** A user as an admin manages it: disabled ones included. */
export interface UserAccount extends User {
  disabled: boolean;
  disabledAt: string | null;
}

export interface UserChanges {
  name?: string;
  role?: Role;
  /** true sets disabled_at (keeping an earlier one), false clears it. */
  disabled?: boolean;
}

export interface UserRepository {
  count(): Promise<number>;
  /** Every user, disabled ones included; by email unless `sort` says otherwise. */
  list(options: ListOptions & { sort?: ListSort<UserSortKey> | undefined }): Promise<UserAccount[]>;
  /** Active (not disabled) users only. */
  get(id: string): Promise<User | null>;
  /** Disabled ones included. */
  getAccount(id: string): Promise<UserAccount | null>;
  update(id: string, changes: UserChanges): Promise<UserAccount | null>;
  /** Ids of the active admins, their rows locked until this transaction ends. */
  lockActiveAdmins(): Promise<string[]>;
  getByEmailWithSecret(email: string): Promise<UserWithSecret | null>;
  /** passwordHash null: the user signs in through single sign-on only. */
  insert(user: { email: string; name: string; role: Role; passwordHash: string | null }): Promise<User>;
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
  /** The session with its user in one read; `user` is null when the user is disabled or gone. */
  getWithUser(id: string): Promise<{ session: SessionRecord; user: User | null } | null>;
  delete(id: string): Promise<void>;
  /** End every session of a user; how many there were. */
  deleteForUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

export interface AuditAppend {
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Which audit entries to read; every field set narrows the answer. */
export interface AuditFilter {
  /** Part of the actor name (`user:ada@example.org`, `local:ci`), ignoring case. */
  actor?: string | undefined;
  /** One action (`project.create`), or every action starting with a prefix when it ends in `*` (`project.*`). */
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** At or after this time. */
  since?: Date | undefined;
  /** Strictly before this time. */
  until?: Date | undefined;
}

export interface AuditLog {
  append(entry: AuditAppend): Promise<void>;
  /**
   * Newest first (by id, which only grows), or with `oldestFirst` oldest first; `before` is an id:
   * entries older than it, `after` one for entries newer than it.
   */
  list(
    options: AuditFilter & {
      limit: number;
      before?: string | undefined;
      after?: string | undefined;
      oldestFirst?: boolean | undefined;
    },
  ): Promise<AuditEntry[]>;
  /**
   * Changes when the portfolio's data may have: the newest audit entry and the newest matching of a
   * scan against advisories (which runs after the scan's own entry is written).
   */
  changeStamp(): Promise<string>;
}

/** One version of the organization's license policy: an ospo.yml document as its author wrote it. */
export interface PolicyVersion {
  version: number;
  document: string;
  createdAt: string;
  createdBy: string;
}

export interface PolicyRepository {
  /** The newest version, or null while the built-in default applies. */
  current(): Promise<PolicyVersion | null>;
  /** Newest first. */
  history(limit: number): Promise<PolicyVersion[]>;
  insert(document: string, createdBy: string): Promise<PolicyVersion>;
}

export interface WaiverRecord {
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

export type WaiverInsert = Pick<
  WaiverRecord,
  'package' | 'version' | 'project' | 'license' | 'reason' | 'approver' | 'expires' | 'createdBy'
>;

export interface WaiverRepository {
  /**
   * Oldest first, or as `sort` says (by expiry date, ties oldest first); revoked ones only when asked.
   * `afterId`: the waivers after that one in this order.
   */
  list(options: {
    includeRevoked: boolean;
    limit: number;
    afterId?: string | undefined;
    sort?: ListSort<'created' | 'expires'> | undefined;
  }): Promise<WaiverRecord[]>;
  get(id: string): Promise<WaiverRecord | null>;
  insert(waiver: WaiverInsert): Promise<WaiverRecord>;
  revoke(id: string, by: string): Promise<WaiverRecord | null>;
}

/** License metadata fetched from a registry, by `${registry}:${purl}`; an empty list is a cached "not found". */
export interface RegistryLicenseRecord {
  licenses: string[];
  source: string;
  url: string;
  fetchedAt: string;
}

export interface RegistryLicenseCache {
  get(key: string): Promise<RegistryLicenseRecord | null>;
  put(key: string, value: RegistryLicenseRecord): Promise<void>;
}

/** An OSV record as stored: the fields matching needs, the record whole, and its affected packages. */
export interface AdvisoryInsert extends AdvisoryFacts {
  record: unknown;
  /** `record` as the JSON text it was read from, when the caller has it (stored as is, not re-serialized). */
  recordText?: string;
}

/** An affected entry with its record's `modified` and `withdrawn`. */
export interface AffectedRow extends AffectedMatchRow {
  modified: string;
  withdrawn: string | null;
}

export interface AdvisoryRepository {
  /**
   * Insert new records and replace older ones; a record whose `modified` is not newer than the stored
   * one changes nothing. Counts what happened. A record comes as its facts or as its rows made
   * already (`advisoryRows`, e.g. by an import's parse worker).
   */
  upsert(
    batch: readonly (AdvisoryInsert | AdvisoryRows)[],
  ): Promise<{ inserted: number; updated: number; unchanged: number; written: string[] }>;
  /** Affected rows for these (ecosystem, name) pairs, withdrawn ones included: for looking rows up (matching reads `affectedToMatch`). */
  affectedFor(packages: readonly { ecosystem: string; name: string }[]): Promise<AffectedRow[]>;
  /**
   * The affected rows of records not withdrawn, for matching: in chunks of packages, the next chunk
   * read while the caller works on the one it was given (on PostgreSQL the two run side by side), and
   * each chunk's rows free to go once the caller is done with them.
   */
  affectedToMatch(
    packages: readonly { ecosystem: string; name: string }[],
    options?: { namesPerQuery?: number },
  ): AsyncIterable<AffectedMatchRow[]>;
  /**
   * affectedToMatch's chunks as the store reads them, each a JSON array of MatchTuple
   * (core/advisory-rows; matchRowsOf turns one into rows): for handing a chunk to another thread.
   */
  affectedToMatchTexts(
    packages: readonly { ecosystem: string; name: string }[],
    options?: { namesPerQuery?: number },
  ): AsyncIterable<string>;
  /** The record as imported, or null. */
  get(id: string): Promise<{ id: string; modified: string; record: unknown } | null>;
  count(): Promise<number>;
  /**
   * Refresh the planner's statistics of the table matching reads, after an import that changed many rows
   * (PGlite runs no autovacuum, and a server may have it off).
   */
  analyze(): Promise<void>;
}

export interface Repositories {
  projects: ProjectRepository;
  teams: TeamRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditLog;
  scans: ScanRepository;
  extractionCache: ExtractionCache;
  policies: PolicyRepository;
  waivers: WaiverRepository;
  registryLicenses: RegistryLicenseCache;
  advisories: AdvisoryRepository;
  findings: FindingRepository;
  tokens: TokenRepository;
  licenseSummaries: LicenseSummaryRepository;
  oidcPending: OidcPendingRepository;
}

/** A single sign-on under way, kept until its callback (services/oidc.ts). */
export interface OidcPendingRecord {
  state: string;
  /** sha256 of the browser's binding cookie, hex. */
  bindingHash: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: Date;
}

export interface OidcPendingRepository {
  /** Keep a new one, deleting those expired at `now`. */
  put(entry: OidcPendingRecord, now: Date): Promise<void>;
  /** Take one out (it is good for one callback), whether or not it has expired. */
  take(state: string): Promise<OidcPendingRecord | null>;
}

/** A scan's license verdict counts for one fingerprint (policy, context, waivers); see 0008_license_summaries. */
export interface LicenseSummaryRecord {
  scanId: string;
  fingerprint: string;
  policyVersion: number;
  context: string;
  summary: { packages: number; allow: number; review: number; deny: number; waived: number };
  categories: Record<string, number>;
}

export interface LicenseSummaryRepository {
  /** The stored rows of these scans (any fingerprint); scans without one are absent. */
  get(scanIds: readonly string[]): Promise<LicenseSummaryRecord[]>;
  /** Insert or replace by scan. */
  put(rows: readonly LicenseSummaryRecord[]): Promise<void>;
}

/** An API token as stored, without its secret (only the hash is stored, and it is never read back). */
export interface ApiTokenRecord {
  id: string;
  name: string;
  prefix: string;
  owner: import('../core/tokens.js').TokenOwner;
  scopes: import('../core/tokens.js').TokenScope[];
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface ApiTokenInsert {
  name: string;
  userId: string | null;
  teamId: string | null;
  prefix: string;
  /** sha256 of the secret, hex. */
  secretHash: string;
  scopes: import('../core/tokens.js').TokenScope[];
  expiresAt: Date | null;
  createdBy: string;
}

/** Whose tokens to list: everyone's, or one user's own (and, when asked, every team token too). */
export type TokenListScope = { all: true } | { all: false; userId: string | null; teams: boolean };

export interface TokenRepository {
  insert(token: ApiTokenInsert): Promise<ApiTokenRecord>;
  /** Newest first (created_at, then id) unless `sort` says otherwise; revoked ones only when asked. */
  list(
    options: ListOptions & {
      owners: TokenListScope;
      includeRevoked: boolean;
      sort?: ListSort<'created' | 'name'> | undefined;
    },
  ): Promise<ApiTokenRecord[]>;
  get(id: string): Promise<ApiTokenRecord | null>;
  /**
   * The token with its owning user in one read, for authenticating a request: `user` is null for a
   * team token and for a user who is disabled or gone.
   */
  getForAuth(secretHash: string): Promise<{ token: ApiTokenRecord; user: User | null } | null>;
  /** Revoke a token not revoked yet; null when there is none such. */
  revoke(id: string, by: string): Promise<ApiTokenRecord | null>;
  /** Record a use, unless one at or after `unlessSince` is recorded already. */
  touch(id: string, at: Date, unlessSince: Date): Promise<void>;
}

export interface Store {
  readonly repos: Repositories;
  /** Run fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** The match index (PGlite stores): what an advisory import keeps current. */
  readonly matchIndex?: MatchIndexPort;
}

/**
 * A PGlite store's match index (core/match-index.ts): a copy of what matching reads of the advisories,
 * read without starting the database. Any write to the advisories marks it stale first; an import
 * brings it up to date after its writes.
 */
export interface MatchIndexPort {
  /** Before an import's first write: the index is stale from now until the update commits. */
  begin(): Promise<MatchIndexUpdate>;
}

export interface MatchIndexUpdate {
  /**
   * Where the import writes the segment of the records it stored (a SegmentBuilder of each record
   * `upsert` reported `written`, in the order the writes committed), or null when the index is to be
   * rebuilt from the store instead.
   */
  readonly segmentFile: string | null;
  /**
   * After the import's writes: `upserts` is how many upsert calls it made through this store, and
   * `segment` how many records the segment it wrote to segmentFile holds, null when it wrote none (a
   * segment of no records is dropped). The index is current again afterwards.
   */
  commit(done: { upserts: number; segment: number | null }): Promise<void>;
  /** The import stopped: the index stays stale (matching reads the store) until an import rebuilds it. */
  abandon(): void;
}

/** A stored scan, without its packages. */
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
  files: ScanFileRecord[];
  errors: { path: string; code: string; message: string; line?: number }[];
}

export interface ScanFileRecord {
  path: string;
  format: string;
  packages: number;
  warnings: { code: string; message: string; line?: number }[];
  /** sha256 of the content, hex; lets a later scan skip the file when it is unchanged. */
  sha256?: string;
  extractorVersion?: number;
}

export interface ScanPackageRow {
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
  scope: string;
  direct: boolean | null;
  licenses: string[];
  locations: string[];
}

/** A package of a scan's dependency graph, with how many packages of the scan it depends on. */
export interface DependencyNodeRow extends Omit<ScanPackageRow, 'locations'> {
  children: number;
}

export interface NewScan {
  projectId: string;
  createdBy: string;
  source: 'path' | 'sbom';
  vcsCommit: string | null;
  vcsBranch: string | null;
  toolVersion: string;
  files: ScanFileRecord[];
  errors: ScanDetail['errors'];
  packages: import('../core/inventory.js').InventoryPackage[];
  edges: import('../core/inventory.js').DependencyEdge[];
}

export interface ScanPackageFilter {
  ecosystem?: string | undefined;
  scope?: string | undefined;
  /** Case-insensitive substring of the name. */
  q?: string | undefined;
}

export interface ScanRepository {
  insert(scan: NewScan): Promise<ScanSummary>;
  /** Newest first, or oldest first with sort { key: 'created', desc: false }. */
  listForProject(
    projectId: string,
    options: ListOptions & { sort?: ListSort<'created'> | undefined },
  ): Promise<ScanSummary[]>;
  get(id: string): Promise<ScanDetail | null>;
  /** The scan without its file and error lists. */
  summary(id: string): Promise<ScanSummary | null>;
  /**
   * Ordered by purl, or by lower(name), or by ecosystem then lower(name), ties by purl. With a sort
   * other than purl, `after` is found by its id, the purl of a package of this scan.
   */
  packages(
    scanId: string,
    options: ListOptions & ScanPackageFilter & { sort?: ListSort<'purl' | 'name' | 'ecosystem'> | undefined },
  ): Promise<ScanPackageRow[]>;
  edges(scanId: string): Promise<import('../core/inventory.js').DependencyEdge[]>;
  /**
   * The scan's packages that `of` depends on, by purl; with `of` null, its roots: direct packages and
   * packages no other package of the scan depends on. Null when `of` is not a package of the scan.
   */
  dependencies(scanId: string, of: string | null, options: ListOptions): Promise<DependencyNodeRow[] | null>;
  /**
   * Every project with the time of its newest scan: never-scanned projects first (oldest project first),
   * then by that time, oldest first.
   */
  newestPerProject(): Promise<ProjectScanTime[]>;
}

export interface ProjectScanTime {
  projectId: string;
  projectName: string;
  projectCreatedAt: string;
  /** The newest scan; null for a project never scanned. */
  scanId: string | null;
  scannedAt: string | null;
}

/** Extraction results by content hash and extractor version: unchanged files are not parsed again. */
export interface ExtractionCache {
  get(sha256: string, extractor: string, version: number): Promise<unknown | null>;
  put(sha256: string, extractor: string, version: number, result: unknown): Promise<void>;
}

/** A finding as matched and stored for one scan. */
export interface NewFinding {
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  advisory: string;
  aliases: string[];
  summary: string | null;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'unknown';
  score: number | null;
  cvss: { version: string; vector: string } | null;
  fixed: string[];
  introducedBy: string[][];
  direct: boolean | null;
  locations: string[];
}

/** A decision about one vulnerability in one package version of one project. */
export interface TriageRecord {
  state: import('../core/vex.js').TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  /** `user`, or `vex:<format>` when a VEX document set it. */
  source: string;
  updatedAt: string;
  updatedBy: string;
}

export interface StoredFinding extends NewFinding {
  scanId: string;
  projectId: string;
  projectName: string;
  firstSeen: string;
  triage: TriageRecord | null;
}

/** `open`: not triaged, in triage or exploitable; `untriaged`: no decision yet. */
export type FindingStateFilter = 'open' | 'untriaged' | import('../core/vex.js').TriageState;

export interface FindingFilter {
  projectId?: string | undefined;
  /** Only projects owned by these teams or by none (a member's view); absent: every project. */
  teamIds?: readonly string[] | undefined;
  severity?: NewFinding['severity'] | undefined;
  state?: FindingStateFilter | undefined;
  /** Case-insensitive substring of the package name, the purl or the advisory id. */
  q?: string | undefined;
  /** The advisory, or any alias of it. */
  advisory?: string | undefined;
  purl?: string | undefined;
}

/** Queue order (worst first, the default), or by when a finding was first seen, newest or oldest first. */
export type FindingSort = 'severity' | '-found' | 'found';

export interface TriageInput {
  projectId: string;
  purl: string;
  /** The advisory the decision is about; its aliases are kept so a later pick of another id still finds it. */
  vulnId: string;
  aliases: string[];
  state: import('../core/vex.js').TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  source: string;
  actor: string;
}

export interface TriageHistoryEntry {
  state: import('../core/vex.js').TriageState;
  justification: string | null;
  response: string[];
  detail: string | null;
  source: string;
  actor: string;
  at: string;
}

export type SeverityCounts = Record<NewFinding['severity'], number>;

export interface FindingSnapshot extends SeverityCounts {
  projectId: string;
  takenAt: string;
}

export interface FindingRepository {
  /**
   * Replace the findings of a scan and mark it matched. A finding the project had in an earlier scan
   * keeps its first-seen time; decisions recorded for the project's package and vulnerability are linked.
   */
  replaceForScan(scanId: string, projectId: string, findings: readonly NewFinding[]): Promise<void>;
  /** The newest scan of each project; only those holding one of the packages, when given. */
  latestScans(
    packages?: readonly { ecosystem: string; name: string }[],
  ): Promise<{ scanId: string; projectId: string }[]>;
  /** Findings of each project's newest scan, worst first (severity, score, project, purl, advisory). */
  list(
    filter: FindingFilter & { limit: number; after?: string | undefined; sort?: FindingSort | undefined },
  ): Promise<StoredFinding[]>;
  count(filter: FindingFilter): Promise<number>;
  /** Record a decision and its history entry, and link it to the project's current findings. */
  setTriage(input: TriageInput): Promise<TriageRecord>;
  /** Newest first, for the package in the project and any of the ids. */
  history(projectId: string, purl: string, ids: readonly string[]): Promise<TriageHistoryEntry[]>;
  /** Open findings by severity and findings by state, over each project's newest scan. */
  totals(
    projectId?: string,
    teamIds?: readonly string[],
  ): Promise<{ open: SeverityCounts; states: Record<FindingStateFilter, number>; projectsAffected: number }>;
  /** Projects with open findings, worst first; with `teamIds`, only those teams' and unowned ones. */
  worstProjects(
    limit: number,
    teamIds?: readonly string[],
  ): Promise<({ id: string; name: string } & SeverityCounts)[]>;
  /** Append the project's current open counts. */
  snapshot(projectId: string): Promise<void>;
  /** Snapshots taken since the time, oldest first, plus each project's last one before it. */
  snapshots(since: Date): Promise<FindingSnapshot[]>;
  /** Where a package is used: rows of each project's newest scan that hold it, by project name. */
  usage(query: {
    ecosystem?: string | undefined;
    name: string;
    version?: string | undefined;
  }): Promise<PackageUsage[]>;
}

export interface PackageUsage {
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
  /** Declared license strings, as the scan found them. */
  licenses: string[];
}
