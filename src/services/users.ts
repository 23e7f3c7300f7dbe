import { createHash, randomBytes } from 'node:crypto';
import { AuthError, ConflictError } from '../core/errors.js';
import { newUser, type Page, type PageQuery, type User } from '../core/schemas.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeCursor, toPage } from './cursor.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import type { Repositories, Store } from './ports.js';

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

export async function listUsers(store: Store, actor: Actor, query: PageQuery): Promise<Page<User>> {
  authorize(actor, 'users:read');
  const rows = await store.repos.users.list({ limit: query.limit + 1, after: decodeCursor(query.cursor) });
  return toPage(rows, query.limit, (u) => ({ key: u.email.toLowerCase(), id: u.id }));
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
  if (!found || !ok || found.disabled || !found.passwordHash) {
    throw new AuthError('ERR_OSPO_LOGIN_FAILED', 'wrong email or password', {
      hint: 'Check both and try again; an admin can reset your password.',
    });
  }
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
  const session = await store.repos.sessions.get(id);
  if (!session) return null;
  if (session.expiresAt.getTime() <= Date.now()) {
    await store.repos.sessions.delete(id);
    return null;
  }
  const user = await store.repos.users.get(session.userId);
  return user ? { user, csrfToken: session.csrfToken } : null;
}

export async function signOut(store: Store, token: string): Promise<void> {
  await store.repos.sessions.delete(sessionId(token));
}

function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
