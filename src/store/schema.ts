import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables. Keep in step with migrations/. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  title: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  created_at: Generated<Timestamp>;
  disabled_at: Timestamp | null;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  owner_team_id: string | null;
  lifecycle: string;
  relation: string;
  distribution: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface PackagesTable {
  id: Generated<string>;
  purl: string;
  ecosystem: string;
  name: string;
  version: string | null;
}

export interface ScansTable {
  id: Generated<string>;
  project_id: string;
  created_at: Generated<Timestamp>;
  created_by: string;
  source: string;
  vcs_commit: string | null;
  vcs_branch: string | null;
  tool_version: string;
  package_count: number;
  edge_count: number;
  files: ColumnType<unknown[], string, never>;
  errors: ColumnType<unknown[], string, never>;
  matched_at: Timestamp | null;
}

export interface ScanPackagesTable {
  scan_id: string;
  package_id: string;
  scope: string;
  direct: boolean | null;
  licenses: string[];
  locations: string[];
}

export interface ScanEdgesTable {
  scan_id: string;
  from_purl: string;
  to_purl: string;
}

export interface ExtractionCacheTable {
  content_sha256: string;
  extractor: string;
  extractor_version: number;
  result: ColumnType<unknown, string, never>;
  created_at: Generated<Timestamp>;
}

export interface LicensePoliciesTable {
  version: number;
  document: string;
  created_at: Generated<Timestamp>;
  created_by: string;
}

export interface LicenseWaiversTable {
  id: string;
  seq: Generated<string>;
  package: string;
  version_range: string;
  project: string;
  license: string | null;
  reason: string;
  approver: string;
  expires: string;
  created_at: Generated<Timestamp>;
  created_by: string;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface RegistryLicenseCacheTable {
  key: string;
  licenses: string[];
  source: string;
  url: string;
  fetched_at: Timestamp;
}

export interface AdvisoriesTable {
  id: string;
  modified: Timestamp;
  published: Timestamp | null;
  withdrawn: Timestamp | null;
  aliases: string[];
  summary: string | null;
  severity: ColumnType<unknown[], string, string>;
  /** Records stored before 0015_advisory_record_bytes; the others are in record_deflated. */
  record: ColumnType<unknown | null, string | null, string | null>;
  /** The record's text as a raw deflate stream. */
  record_deflated: Buffer | null;
  imported_at: Timestamp;
}

export interface AdvisoryAffectedTable {
  advisory_id: string;
  ordinal: number;
  ecosystem: string;
  ecosystem_full: string;
  name: string;
  /** `json` since 0011_advisory_match, as are versions, aliases and severity. */
  ranges: ColumnType<unknown[], string, string>;
  versions: ColumnType<string[], string, string>;
  /** The advisory's, copied for matching (0011_advisory_match). */
  modified: Timestamp;
  withdrawn: Timestamp | null;
  aliases: ColumnType<string[], string, string>;
  summary: string | null;
  severity: ColumnType<unknown[], string, string>;
}

export interface AdvisoryStatsTable {
  id: Generated<boolean>;
  records: ColumnType<string, number, number>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  user_id: string | null;
  team_id: string | null;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  expires_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface ScanLicenseSummariesTable {
  scan_id: string;
  fingerprint: string;
  policy_version: number;
  context: string;
  summary: ColumnType<unknown, string, string>;
  categories: ColumnType<unknown, string, string>;
  computed_at: Generated<Timestamp>;
}

export interface OidcPendingTable {
  state: string;
  binding_hash: string;
  nonce: string;
  verifier: string;
  redirect_uri: string;
  return_to: string;
  expires_at: Timestamp;
}

export interface MigrationsTable {
  id: string;
  applied_at: Generated<Timestamp>;
}

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  team_members: TeamMembersTable;
  projects: ProjectsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  packages: PackagesTable;
  scans: ScansTable;
  scan_packages: ScanPackagesTable;
  scan_edges: ScanEdgesTable;
  extraction_cache: ExtractionCacheTable;
  license_policies: LicensePoliciesTable;
  license_waivers: LicenseWaiversTable;
  registry_license_cache: RegistryLicenseCacheTable;
  advisories: AdvisoriesTable;
  advisory_affected: AdvisoryAffectedTable;
  advisory_stats: AdvisoryStatsTable;
  api_tokens: ApiTokensTable;
  scan_license_summaries: ScanLicenseSummariesTable;
  oidc_pending: OidcPendingTable;
  ospo_migrations: MigrationsTable;
}
