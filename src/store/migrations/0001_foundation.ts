import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/** Teams, users, sessions, projects and the append-only audit log: what every later feature hangs on. */
export const foundation: Migration = {
  id: '0001_foundation',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `create table teams (
          id uuid primary key default gen_random_uuid(),
          name text not null,
          title text,
          created_at timestamptz not null default now()
        )`,
  `create unique index teams_name_key on teams (lower(name))`,
  `create table users (
          id uuid primary key default gen_random_uuid(),
          email text not null,
          name text not null,
          role text not null check (role in ('admin', 'ospo', 'legal', 'security', 'member', 'viewer')),
          password_hash text,
          created_at timestamptz not null default now(),
          disabled_at timestamptz
        )`,
  `create unique index users_email_key on users (lower(email))`,
  `create table team_members (
          team_id uuid not null references teams (id) on delete cascade,
          user_id uuid not null references users (id) on delete cascade,
          primary key (team_id, user_id)
        )`,
  `create table projects (
          id uuid primary key default gen_random_uuid(),
          name text not null,
          description text,
          owner_team_id uuid references teams (id) on delete set null,
          lifecycle text not null check (lifecycle in ('experimental', 'production', 'deprecated')),
          relation text not null check (relation in ('uses', 'integrates', 'produces', 'hosts')),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`,
  `create unique index projects_name_key on projects (lower(name))`,
  `create index projects_owner_team_idx on projects (owner_team_id)`,
  `create table sessions (
          id text primary key,
          user_id uuid not null references users (id) on delete cascade,
          csrf_token text not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null
        )`,
  `create index sessions_user_idx on sessions (user_id)`,
  `create table audit_log (
          id bigint generated always as identity primary key,
          at timestamptz not null default now(),
          actor text not null,
          action text not null,
          target_type text not null,
          target_id text,
          details jsonb not null default '{}'::jsonb
        )`,
  `create index audit_log_target_idx on audit_log (target_type, target_id)`,
  `create function ospo_audit_log_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only' using errcode = 'P0001';
        end
        $$`,
  `create trigger audit_log_no_change before update or delete on audit_log
          for each row execute function ospo_audit_log_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
          for each statement execute function ospo_audit_log_append_only()`,
];
