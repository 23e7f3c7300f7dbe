import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * API tokens for CI and scripts. Only the sha256 of a secret is kept (unique, so a lookup by hash finds
 * at most one); the prefix is for telling tokens apart on screen. A token belongs to exactly one user
 * or one team and goes with it. Revoked tokens stay, with who revoked them, for the record; times are
 * kept to the millisecond so they round-trip through JavaScript and serve as keyset cursors.
 */
export const apiTokens: Migration = {
  id: '0006_api_tokens',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table api_tokens (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 100),
    user_id uuid references users (id) on delete cascade,
    team_id uuid references teams (id) on delete cascade,
    prefix text not null,
    secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
    scopes text[] not null check (
      cardinality(scopes) > 0 and scopes <@ array['read', 'scan:write', 'triage', 'admin']::text[]
    ),
    expires_at timestamptz,
    created_by text not null,
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by text,
    constraint api_tokens_one_owner check ((user_id is null) <> (team_id is null)),
    constraint api_tokens_revoked_by check ((revoked_at is null) = (revoked_by is null))
  )`,
  `create unique index api_tokens_secret_hash_key on api_tokens (secret_hash)`,
  `create index api_tokens_user_idx on api_tokens (user_id, created_at desc, id desc)`,
  `create index api_tokens_team_idx on api_tokens (team_id, created_at desc, id desc)`,
  `create index api_tokens_created_idx on api_tokens (created_at desc, id desc)`,
];
