import { createHash, randomBytes } from 'node:crypto';
import { AuthError, InputError, NotFoundError } from '../core/errors.js';
import type { Page, Team, User } from '../core/schemas.js';
import { type ApiToken, type CreatedApiToken, newApiToken, type TokenState } from '../core/tokens.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize, can } from './actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from './cursor.js';
import type { ApiTokenRecord, KeysetCursor, Repositories, Store, TokenListScope } from './ports.js';
import { isUuid } from './projects.js';
import { checkExpiry, parseExpiry } from './tokens-expiry.js';

export const TOKEN_PREFIX = 'ospo_';
const SECRET_LENGTH = 40;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_PATTERN = /^ospo_[0-9A-Za-z]{40}$/;
/** `ospo_` and four more: enough to tell a handful of tokens apart, far too little to guess the rest. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;
/** Uses closer together than this are not written down: no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

type TokenActor = Extract<Actor, { kind: 'token' }>;

/** Create a token; the answer carries the secret, which is never stored or shown again. */
export async function createToken(
  store: Store,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<CreatedApiToken> {
  authorize(actor, 'tokens:own');
  const data = validate(newApiToken, input, 'token');
  const expiresAt = parseExpiry(data.expires, now);
  checkExpiry(expiresAt, now, can(actor, 'tokens:admin'));
  const secret = newSecret();
  return store.transaction(async (repos) => {
    const owner = await ownerFor(repos, actor, data);
    const created = await repos.tokens.insert({
      name: data.name,
      userId: owner.user?.id ?? null,
      teamId: owner.team?.id ?? null,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashSecret(secret),
      scopes: data.scopes,
      expiresAt,
      createdBy: actorName(actor),
    });
    await repos.audit.append({
      actor: actorName(actor),
      action: 'token.create',
      targetType: 'api_token',
      targetId: created.id,
      details: {
        name: created.name,
        owner: created.owner,
        scopes: created.scopes,
        expiresAt: created.expiresAt,
      },
    });
    return { ...present(created, now), secret };
  });
}

/** How GET /api/v1/tokens may be sorted: newest first (the default), oldest first, or by name. */
export const tokenSorts = ['-created', 'created', 'name', '-name'] as const;

export interface TokenListQuery {
  limit: number;
  cursor?: string | undefined;
  /** One of tokenSorts; newest first when absent. */
  sort?: string | undefined;
  /** Everyone's tokens (tokens:admin). */
  all?: boolean | undefined;
  includeRevoked?: boolean | undefined;
}

/**
 * Newest first: your own tokens, and team tokens when you may manage them; everyone's with `all`
 * (admins; the local operator always sees everyone's). Secrets are not stored, so never listed.
 */
export async function listTokens(
  store: Store,
  actor: Actor,
  query: TokenListQuery,
  now = new Date(),
): Promise<Page<ApiToken>> {
  authorize(actor, 'tokens:own');
  if (query.all) authorize(actor, 'tokens:admin');
  const owners: TokenListScope =
    actor.kind === 'local' || query.all
      ? { all: true }
      : {
          all: false,
          userId: actor.kind === 'user' ? actor.user.id : null,
          teams: can(actor, 'tokens:write'),
        };
  const sort = sortOf(tokenSorts, query.sort);
  const spec = sortSpec<'created' | 'name'>(sort);
  const rows = await store.repos.tokens.list({
    limit: query.limit + 1,
    after: tokenCursor(query.cursor, sort, spec.key),
    owners,
    includeRevoked: query.includeRevoked ?? false,
    sort: spec,
  });
  // a name key is the name as stored: the store lowercases it as it does the column
  const page = toSortedPage(rows, query.limit, sort, (t) => ({
    key: spec.key === 'name' ? t.name : t.createdAt,
    id: t.id,
  }));
  return { items: page.items.map((t) => present(t, now)), next: page.next };
}

/** Revoke a token at once; revoking a revoked one changes nothing. Tokens you may not manage are not found. */
export async function revokeToken(
  store: Store,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<ApiToken> {
  authorize(actor, 'tokens:own');
  return store.transaction(async (repos) => {
    const found = isUuid(id) ? await repos.tokens.get(id) : null;
    if (!found || !mayManage(actor, found)) {
      throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no token "${id}" that you may revoke`, {
        hint: 'List your tokens with GET /api/v1/tokens or `ospo tokens list`; use the id column.',
      });
    }
    if (found.revokedAt) return present(found, now);
    const revoked = (await repos.tokens.revoke(id, actorName(actor))) ?? found;
    await repos.audit.append({
      actor: actorName(actor),
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: id,
      details: { name: found.name, owner: found.owner },
    });
    return present(revoked, now);
  });
}

/**
 * Who is behind a bearer secret. Unknown, revoked and expired tokens are refused each with its own
 * code, so CI logs say what to fix. A use is recorded at most once a minute.
 */
export async function resolveToken(store: Store, secret: string, now = new Date()): Promise<TokenActor> {
  const repos = store.repos;
  const found = SECRET_PATTERN.test(secret) ? await repos.tokens.getForAuth(hashSecret(secret)) : null;
  if (!found) throw invalidToken();
  const token = found.token;
  if (token.revokedAt) {
    throw new AuthError('ERR_OSPO_TOKEN_REVOKED', `the API token "${token.name}" was revoked`, {
      hint: 'It can no longer be used. Create a new token (Settings → Tokens, or `ospo tokens create`).',
    });
  }
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) {
    throw new AuthError(
      'ERR_OSPO_TOKEN_EXPIRED',
      `the API token "${token.name}" expired at ${token.expiresAt}`,
      { hint: 'Create a new token (Settings → Tokens, or `ospo tokens create`) and replace the old one.' },
    );
  }
  let user: User | null = null;
  if (token.owner.kind === 'user') {
    user = found.user;
    if (!user) throw invalidToken("the API token's owner can no longer sign in");
  }
  const team = token.owner.kind === 'team' ? { id: token.owner.id, name: token.owner.name } : null;
  const last = token.lastUsedAt ? new Date(token.lastUsedAt).getTime() : null;
  if (last === null || now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    await repos.tokens.touch(token.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
  }
  return { kind: 'token', tokenId: token.id, name: token.name, user, team, scopes: token.scopes };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `ospo_` and 40 base62 characters (about 238 bits), drawn without modulo bias. */
function newSecret(): string {
  let out = TOKEN_PREFIX;
  while (out.length < TOKEN_PREFIX.length + SECRET_LENGTH) {
    for (const byte of randomBytes(64)) {
      if (byte >= 248) continue; // 248 = 4 * 62: keep every character equally likely
      out += BASE62[byte % 62];
      if (out.length === TOKEN_PREFIX.length + SECRET_LENGTH) break;
    }
  }
  return out;
}

function present(token: ApiTokenRecord, now: Date): ApiToken {
  return { ...token, state: stateOf(token, now) };
}

function stateOf(token: ApiTokenRecord, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function mayManage(actor: Actor, token: ApiTokenRecord): boolean {
  if (actor.kind === 'local' || can(actor, 'tokens:admin')) return true;
  if (token.owner.kind === 'team') return can(actor, 'tokens:write');
  return actor.kind === 'user' && actor.user.id === token.owner.id;
}

/** Whose the new token is: a named team, a named user (admins), or the caller. */
async function ownerFor(
  repos: Repositories,
  actor: Actor,
  data: { team?: string | undefined; user?: string | undefined },
): Promise<{ user: User | null; team: Team | null }> {
  if (data.team !== undefined) {
    authorize(actor, 'tokens:write');
    const ref = data.team;
    const team = isUuid(ref) ? await repos.teams.get(ref) : await repos.teams.getByName(ref);
    if (!team) {
      throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no team "${ref}"`, {
        hint: 'List teams with GET /api/v1/teams; give its name or id.',
      });
    }
    return { user: null, team };
  }
  if (data.user !== undefined) {
    const user = await findUser(repos, data.user);
    if (!(actor.kind === 'user' && actor.user.id === user?.id)) authorize(actor, 'tokens:admin');
    if (!user) {
      throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no active user "${data.user}"`, {
        hint: 'List users with `ospo users list` or GET /api/v1/users; give an email or id.',
      });
    }
    return { user, team: null };
  }
  if (actor.kind === 'user') return { user: actor.user, team: null };
  throw new InputError('ERR_OSPO_TOKEN_OWNER', 'say whose token this is: a user or a team', {
    hint: 'Pass --user EMAIL or --team NAME.',
    details: { problems: [{ path: 'user', message: 'give a user or a team' }] },
  });
}

async function findUser(repos: Repositories, ref: string): Promise<User | null> {
  if (isUuid(ref)) return repos.users.get(ref);
  const found = await repos.users.getByEmailWithSecret(ref);
  if (!found || found.disabled) return null;
  const { passwordHash: _hash, disabled: _disabled, ...user } = found;
  return user;
}

/** Cursors of this list carry a creation time and a uuid; anything else was not handed out here. */
function tokenCursor(
  raw: string | undefined,
  sort: string,
  key: 'created' | 'name',
): KeysetCursor | undefined {
  return decodeSortedCursor(
    raw,
    sort,
    tokenSorts[0],
    (c) => isUuid(c.id) && (key === 'name' || !Number.isNaN(Date.parse(c.key))),
  );
}

function invalidToken(why = 'the API token is not one this server knows'): AuthError {
  return new AuthError('ERR_OSPO_TOKEN_INVALID', why, {
    hint:
      'Send `Authorization: Bearer ospo_…` with the whole token as it was shown on creation; ' +
      'create a new one under Settings → Tokens or with `ospo tokens create`.',
  });
}
