import type { Kysely } from 'kysely';
import type { ExtractionCache } from '../../services/ports.js';
import type { Database } from '../schema.js';

export function extractionCache(db: Kysely<Database>): ExtractionCache {
  return {
    async get(sha256, extractor, version) {
      const row = await db
        .selectFrom('extraction_cache')
        .select('result')
        .where('content_sha256', '=', sha256)
        .where('extractor', '=', extractor)
        .where('extractor_version', '=', version)
        .executeTakeFirst();
      return row ? row.result : null;
    },
    async put(sha256, extractor, version, result) {
      await db
        .insertInto('extraction_cache')
        .values({
          content_sha256: sha256,
          extractor,
          extractor_version: version,
          result: JSON.stringify(result),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
  };
}
