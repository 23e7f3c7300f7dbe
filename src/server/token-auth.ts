import type { Actor } from '../services/actor.js';
import type { Store } from '../services/ports.js';
import { resolveToken } from '../services/tokens.js';

/** `Bearer <credentials>`, scheme in any case (RFC 9110); null for other schemes or none. */
export function bearerCredentials(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer(?:[ \t]+(.*))?$/i.exec(header.trim());
  return match ? (match[1] ?? '').trim() : null;
}

/**
 * The actor behind a bearer credential: an API token. A bad, revoked or expired one is refused with
 * its code rather than treated as anonymous, so a CI job with a broken secret fails loudly. The
 * secret never goes into a message or a log line.
 */
export function actorFromBearer(store: Store, credentials: string): Promise<Actor> {
  return resolveToken(store, credentials);
}
