import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * The match index beside a PGlite store (ADR 0007). A version of ospokit from before it would write
 * advisories without marking the index stale, and a later version would then trust an index that
 * no longer describes the store; this migration makes such a version refuse the store instead
 * (ERR_OSPO_STORE_NEWER). It changes nothing else: the table's comment says who reads it.
 */
export const matchIndex: Migration = {
  id: '0014_match_index',
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `comment on table advisory_affected is 'what matching reads; on PGlite a match index beside the store copies it (ADR 0007)'`,
      )
      .execute(db);
  },
};
