import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Each scan's license verdict counts, kept so the portfolio pages read one row per project instead of
 * judging every package of every project on each request. A row holds for one fingerprint: the policy
 * document, the project's distribution context and the waivers in force that can touch the project. A
 * request whose fingerprint differs judges the scan again and replaces the row, so a policy change, a
 * new or expired waiver shows at once, as before.
 */
export const licenseSummaries: Migration = {
  id: '0008_license_summaries',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table scan_license_summaries (
    scan_id uuid primary key references scans (id) on delete cascade,
    fingerprint text not null,
    policy_version integer not null,
    context text not null,
    summary jsonb not null,
    categories jsonb not null,
    computed_at timestamptz not null default date_trunc('milliseconds', now())
  )`,
  // the newest matching is half of the portfolio summaries' change stamp (services/summary-cache.ts)
  `create index scans_matched_at_idx on scans (matched_at)`,
];
