/**
 * Kysely and its PGlite dialect, loaded from their CommonJS builds. Kysely's ES module build is 262
 * files, which Node 20 loads in 110-180 ms, against about 75 ms to require the same files (measured
 * on the development machine): time that every command opening the store pays before its first
 * query. The dialect's ES module build would load Kysely's ES modules as well, so it comes from here
 * too. Take Kysely's values from this module; its types may come from 'kysely' itself.
 */
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';
import type * as PgliteDialectModule from 'kysely-pglite-dialect';

const load = createRequire(import.meta.url);
const kysely = load('kysely') as typeof KyselyModule;

export const sql: typeof KyselyModule.sql = kysely.sql;
export const Kysely: typeof KyselyModule.Kysely = kysely.Kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
export const PostgresDialect: typeof KyselyModule.PostgresDialect = kysely.PostgresDialect;

/** The dialect over one PGlite client, required when first needed (it requires Kysely's build above). */
export function pgliteDialect(): typeof PgliteDialectModule.PGliteDialect {
  return (load('kysely-pglite-dialect') as typeof PgliteDialectModule).PGliteDialect;
}
