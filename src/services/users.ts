import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AuthError, ConflictError, NotFoundError } from '../core/errors.js';
import {
  isoDateTime,
  newUser,
  type Page,
  type PageQuery,
  role,
  type User,
  user as userSchema,
} from '../core/schemas.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from './cursor.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import type { KeysetCursor, Repositories, Store, UserAccount, UserSortKey } from './ports.js';
import { isUuid } from './projects.js';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SignedIn {
  user: User;
  /** The secret for the session cookie; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function needsSetup(store: Store): Promise<boolean> {
  return (await store.repos.users.count()) === 0;
}

/** First run: create the first admin. Refused once any user exists. */
export async function setupFirstAdmin(store: Store, input: unknown, by: string): Promise<User> {
  const data = validate(newUser, input, 'user');
  return store.transaction(async (repos) => {
    await repos.users.lockForFirstUser();
    if ((await repos.users.count()) > 0) {
      throw new ConflictError('ERR_OSPO_SETUP_DONE', 'ospokit is set up already', {
        hint: 'Sign in, or ask an admin to create your account.',
      });
    }
    return insertUser(repos, { ...data, role: 'admin' }, by);
  });
}

/** A user as the users list and PATCH answer it: with whether the account is disabled. */
export const userAccount = userSchema
  .extend({ disabled: z.boolean(), disabledAt: isoDateTime.nullable() })
  .meta({ id: 'UserAccount' });

export const userChanges = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: role.optional(),
    disabled: z.boolean().optional().meta({
      description: 'true ends their sessions and revokes their API tokens; false lets them sign in again.',
    }),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'give at least one of name, role, disabled' })
  .meta({ id: 'UserChanges' });

/** How user lists may be sorted: by email (the default), name, or when the account was created. */
export const userSorts = ['email', '-email', 'name', '-name', 'created', '-created'] as const;
export type UserSort = (typeof userSorts)[number];

/** Every user, disabled ones included, by email unless sorted otherwise. */
export async function listUsers(
  store: Store,
  actor: Actor,
  query: PageQuery & { sort?: string | undefined },
): Promise<Page<UserAccount>> {
  authorize(actor, 'users:read');
  const sort = sortOf(userSorts, query.sort);
  const spec = sortSpec<UserSortKey>(sort);
  const rows = await store.repos.users.list({
    limit: query.limit + 1,
    after: decodeSortedCursor(query.cursor, sort, userSorts[0], (c) => validUserCursor(spec.key, c)),
    sort: spec,
  });
  return toSortedPage(rows, query.limit, sort, (u) => userCursor(spec.key, u));
}

/** Where a page of users sorted by `key` ends: the key as the store compares it, and the id. */
export function userCursor(key: UserSortKey, user: User): KeysetCursor {
  const value = key === 'created' ? user.createdAt : key === 'name' ? user.name : user.email.toLowerCase();
  return { key: value, id: user.id };
}

/** A cursor's id must be a uuid and a time key a time, before any SQL sees them. */
export function validUserCursor(key: UserSortKey, cursor: KeysetCursor): boolean {
  return isUuid(cursor.id) && (key !== 'created' || !Number.isNaN(Date.parse(cursor.key)));
}

export async function createUser(store: Store, actor: Actor, input: unknown): Promise<User> {
  authorize(actor, 'users:write');
  const data = validate(newUser, input, 'user');
  return store.transaction((repos) => insertUser(repos, data, actorName(actor)));
}

async function insertUser(
  repos: Repositories,
  data: { email: string; name: string; role: User['role']; password: string },
  by: string,
): Promise<User> {
  if (await repos.users.getByEmailWithSecret(data.email)) {
    throw new ConflictError('ERR_OSPO_CONFLICT', `a user with email ${data.email} exists already`, {
      hint: 'Emails are unique, ignoring case.',
    });
  }
  const passwordHash = await hashPassword(data.password);
  const user = await repos.users.insert({
    email: data.email,
    name: data.name,
    role: data.role,
    passwordHash,
  });
  await repos.audit.append({
    actor: by,
    action: 'user.create',
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, role: user.role },
  });
  return user;
}

export async function signIn(store: Store, email: string, password: string): Promise<SignedIn> {
  const found = await store.repos.users.getByEmailWithSecret(email.toLowerCase());
  const hash = found?.passwordHash ?? (await decoyHash());
  const ok = await verifyPassword(password, hash);
  if (!found || !ok || !found.passwordHash) {
    throw new AuthError('ERR_OSPO_LOGIN_FAILED', 'wrong email or password', {
      hint: 'Check both and try again; an admin can reset your password.',
    });
  }
  // said only to someone who knows the password
  if (found.disabled) throw userDisabled(found.email);
  const { passwordHash: _secret, disabled: _disabled, ...user } = found;
  return startSession(store, user);
}

/**
 * A new session for a user who has proven who they are (a password, or single sign-on), audited;
 * `details` says how, for sign-ins other than by password.
 */
export async function startSession(
  store: Store,
  user: User,
  details?: Record<string, unknown>,
): Promise<SignedIn> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await store.transaction(async (repos) => {
    await repos.sessions.insert({ id: sessionId(token), userId: user.id, csrfToken, expiresAt });
    await repos.audit.append({
      actor: `user:${user.email}`,
      action: 'session.create',
      targetType: 'user',
      targetId: user.id,
      ...(details ? { details } : {}),
    });
  });
  return { user, token, csrfToken, expiresAt };
}

/** The user behind a session cookie, or null when the session is unknown, expired or its user disabled. */
export async function resolveSession(
  store: Store,
  token: string,
): Promise<{ user: User; csrfToken: string } | null> {
  const id = sessionId(token);
  const found = await store.repos.sessions.getWithUser(id);
  if (!found) return null;
  const { session, user } = found;
  if (session.expiresAt.getTime() <= Date.now()) {
    await store.repos.sessions.delete(id);
    return null;
  }
  return user ? { user, csrfToken: session.csrfToken } : null;
}

/**
 * Change a user's name, role or whether they may sign in; admins only, audited. Disabling ends the
 * user's sessions and revokes their API tokens. The last active admin can be neither demoted nor
 * disabled.
 */
export async function updateUser(
  store: Store,
  actor: Actor,
  ref: string,
  input: unknown,
): Promise<UserAccount> {
  authorize(actor, 'users:write');
  const changes = validate(userChanges, input, 'user changes');
  const by = actorName(actor);
  return store.transaction(async (repos) => {
    // locked first, so that two admins demoting each other cannot both pass the check
    const admins =
      changes.role !== undefined || changes.disabled === true ? await repos.users.lockActiveAdmins() : [];
    const before = await findAccount(repos, ref);
    const losesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
    if (losesAdmin && admins.length === 1 && admins[0] === before.id) {
      const who = actor.kind === 'user' && actor.user.id === before.id ? 'you are' : `${before.email} is`;
      throw new ConflictError('ERR_OSPO_LAST_ADMIN', `${who} the last active admin`, {
        hint: 'Make another user an admin first (Settings → Users, or `ospo users set-role EMAIL admin`).',
        details: { user: before.email },
      });
    }
    const after = (await repos.users.update(before.id, changes)) as UserAccount;
    const entry = (action: string, details: Record<string, unknown>) =>
      repos.audit.append({
        actor: by,
        action,
        targetType: 'user',
        targetId: before.id,
        details: { email: before.email, ...details },
      });
    if (after.name !== before.name) await entry('user.rename', { from: before.name, to: after.name });
    if (after.role !== before.role) await entry('user.role', { from: before.role, to: after.role });
    if (after.disabled && !before.disabled) {
      const sessionsEnded = await repos.sessions.deleteForUser(before.id);
      const tokensRevoked = await revokeTokensOf(repos, before, by);
      await entry('user.disable', { sessionsEnded, tokensRevoked });
    }
    if (!after.disabled && before.disabled) await entry('user.enable', {});
    return after;
  });
}

/** Revoke every token a user owns (team tokens stay), each audited; how many. */
async function revokeTokensOf(repos: Repositories, owner: User, by: string): Promise<number> {
  let revoked = 0;
  for (;;) {
    // revoked tokens drop out of this list, so each round takes the next ones
    const batch = await repos.tokens.list({
      limit: 200,
      owners: { all: false, userId: owner.id, teams: false },
      includeRevoked: false,
    });
    const before = revoked;
    for (const token of batch) {
      if (!(await repos.tokens.revoke(token.id, by))) continue;
      revoked += 1;
      await repos.audit.append({
        actor: by,
        action: 'token.revoke',
        targetType: 'api_token',
        targetId: token.id,
        details: { name: token.name, owner: token.owner, reason: 'user disabled' },
      });
    }
    if (revoked === before) return revoked;
  }
}

/** A user by id or email, disabled ones included. */
export async function findAccount(repos: Repositories, ref: string): Promise<UserAccount> {
  const id = isUuid(ref) ? ref : (await repos.users.getByEmailWithSecret(ref))?.id;
  const found = id ? await repos.users.getAccount(id) : null;
  if (!found) {
    throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no user "${ref}"`, {
      hint: 'Give the email or id of an existing user (GET /api/v1/users, `ospo users list`).',
    });
  }
  return found;
}

function userDisabled(email: string): AuthError {
  return new AuthError('ERR_OSPO_USER_DISABLED', `the account ${email} is disabled`, {
    hint: 'Ask an ospokit admin to enable it again.',
  });
}

export async function signOut(store: Store, token: string): Promise<void> {
  await store.repos.sessions.delete(sessionId(token));
}

function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
