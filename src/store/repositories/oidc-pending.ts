import type { Kysely } from 'kysely';
import type { OidcPendingRepository } from '../../services/ports.js';
import type { Database } from '../schema.js';

export function oidcPendingRepository(db: Kysely<Database>): OidcPendingRepository {
  return {
    async put(entry, now) {
      await db.deleteFrom('oidc_pending').where('expires_at', '<=', now).execute();
      await db
        .insertInto('oidc_pending')
        .values({
          state: entry.state,
          binding_hash: entry.bindingHash,
          nonce: entry.nonce,
          verifier: entry.verifier,
          redirect_uri: entry.redirectUri,
          return_to: entry.returnTo,
          expires_at: entry.expiresAt,
        })
        .execute();
    },
    async take(state) {
      const row = await db
        .deleteFrom('oidc_pending')
        .where('state', '=', state)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      return {
        state: row.state,
        bindingHash: row.binding_hash,
        nonce: row.nonce,
        verifier: row.verifier,
        redirectUri: row.redirect_uri,
        returnTo: row.return_to,
        expiresAt: new Date(row.expires_at),
      };
    },
  };
}
