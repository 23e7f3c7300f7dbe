import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Cheaper advisory imports. The GIN index on `advisories.aliases` served no query (findings carry
 * their own aliases, and are searched there) and cost every inserted record a GIN insert. The foreign
 * key from `advisory_affected` to `advisories` cost every affected row a lookup of its advisory: the
 * rows are only ever written by the advisory repository's upsert, in the same transaction as their
 * advisory, after it (and replaced with it); advisories are never deleted.
 */
export const advisoryWrites: Migration = {
  id: '0013_advisory_writes',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `drop index if exists advisories_aliases_idx`,
  // its name is not the same everywhere (0011 made it while the old table still had the plain one)
  `do $$
   declare c record;
   begin
     for c in select conname from pg_constraint
              where conrelid = 'advisory_affected'::regclass and contype = 'f' loop
       execute format('alter table advisory_affected drop constraint %I', c.conname);
     end loop;
   end $$`,
];
