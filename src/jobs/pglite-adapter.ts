import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';

/** What pg-boss 10 asks of a database it does not open itself (its `db` option). */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss over the embedded store's one PGlite connection. Every statement runs while holding Kysely's
 * connection, the same turn-taking the store's own queries and transactions use, so a queue statement
 * never lands inside someone's open transaction (nor theirs inside a queue statement's). pg-boss sends
 * its schema and maintenance work as several statements in one string, without parameters: those go
 * through `exec` (the simple protocol); statements with parameters through `query`.
 *
 * Never send or poll from inside a store transaction: the queue would wait for the connection the
 * transaction holds.
 */
export function pgliteDb(db: Kysely<unknown>, pglite: PGlite): PgBossDb {
  return {
    executeSql(text, values) {
      return db.connection().execute(async () => {
        if (values && values.length > 0) return pglite.query(text, values);
        try {
          const results = await pglite.exec(text);
          return results.at(-1) ?? { rows: [] };
        } catch (error) {
          // a failed BEGIN ... COMMIT string leaves its transaction open and aborted on the one
          // connection everyone shares: close it before anyone else gets a turn
          if (/\bbegin\b/i.test(text)) await pglite.exec('rollback').catch(() => {});
          throw error;
        }
      });
    },
  };
}
