import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Single sign-ons under way (services/oidc.ts): what the callback needs, keyed by the state sent to the
 * provider, kept in the store so the callback may land on any server process. One use each; expired
 * rows are deleted as new sign-ins start.
 */
export const oidcPending: Migration = {
  id: '0012_oidc_pending',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table oidc_pending (
    state text primary key,
    binding_hash text not null,
    nonce text not null,
    verifier text not null,
    redirect_uri text not null,
    return_to text not null,
    expires_at timestamptz not null
  )`,
  `create index oidc_pending_expires_idx on oidc_pending (expires_at)`,
];
