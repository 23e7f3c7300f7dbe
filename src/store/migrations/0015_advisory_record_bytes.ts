import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import type { Migration } from '../migrator.js';

/**
 * Each record kept as its text in a raw deflate stream (`record_deflated`), the bytes of the zip entry
 * it came in where it came in one, instead of as jsonb. Nothing queries inside a record; it is only
 * read back whole by id. As jsonb, the database parsed every record of every batch and compressed it
 * again for TOAST: on PGlite, inside wasm, most of an import's cost for the table. The bytes are stored
 * as they are (already compressed: no second try). Records stored before keep their jsonb `record`;
 * a record has one of the two.
 */
export const advisoryRecordBytes: Migration = {
  id: '0015_advisory_record_bytes',
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

const statements = [
  `alter table advisories add column record_deflated bytea`,
  `alter table advisories alter column record_deflated set storage external`,
  `alter table advisories alter column record drop not null`,
  `alter table advisories add constraint advisories_record_one
     check ((record is null) <> (record_deflated is null))`,
];
