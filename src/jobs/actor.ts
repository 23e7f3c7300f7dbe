import { AuthError, ForbiddenError } from '../core/errors.js';
import type { User } from '../core/schemas.js';
import { type Actor, actorName } from '../services/actor.js';
import type { Store } from '../services/ports.js';
import type { ActorRef, Job } from './queue.js';

/** The submitter as job data carries it: ids to look up again, not a snapshot of a role or scopes. */
export function actorRef(actor: Actor): ActorRef {
  const display = actorName(actor);
  if (actor.kind === 'user') return { kind: 'user', userId: actor.user.id, display };
  if (actor.kind === 'local') return { kind: 'local', name: actor.name, display };
  return { kind: 'token', tokenId: actor.tokenId, userId: actor.user?.id ?? null, display };
}

/**
 * The submitter as they are now: a handler checks permissions again with the current role (and, for a
 * token, its current state), so a job queued by someone since disabled, demoted or revoked does not run
 * with the rights they had.
 */
export async function restoreActor(store: Store, ref: ActorRef): Promise<Actor> {
  if (ref.kind === 'local') return { kind: 'local', name: ref.name };
  if (ref.kind === 'user') return { kind: 'user', user: await activeUser(store, ref.userId, ref.display) };
  const token = await store.repos.tokens.get(ref.tokenId);
  if (!token || token.revokedAt || (token.expiresAt && new Date(token.expiresAt) <= new Date())) {
    throw new AuthError(
      'ERR_OSPO_TOKEN_REVOKED',
      `${ref.display}, which submitted this job, is no longer valid`,
      {
        hint: 'Submit the job again with a valid token.',
      },
    );
  }
  const user = token.owner.kind === 'user' ? await activeUser(store, token.owner.id, ref.display) : null;
  const team = token.owner.kind === 'team' ? { id: token.owner.id, name: token.owner.name } : null;
  return { kind: 'token', tokenId: token.id, name: token.name, user, team, scopes: token.scopes };
}

async function activeUser(store: Store, id: string, display: string): Promise<User> {
  const user = await store.repos.users.get(id);
  if (user) return user;
  throw new ForbiddenError(
    'ERR_OSPO_FORBIDDEN',
    `${display}, who submitted this job, is no longer an active user`,
    {
      hint: 'Ask an active user with the needed role to submit it again.',
    },
  );
}

/** Admins, the OSPO and the local operator follow every job; users their own and their tokens'. */
export function seesAllJobs(actor: Actor): boolean {
  return actor.kind === 'local' || (actor.kind === 'user' && ['admin', 'ospo'].includes(actor.user.role));
}

export function maySeeJob(actor: Actor, job: Job): boolean {
  if (seesAllJobs(actor)) return true;
  if (actor.kind === 'user') return job.submitterId === actor.user.id;
  return job.submittedBy === actorName(actor); // a token follows what it submitted
}

/** Whoever submitted a job (a user: also through their tokens) may cancel it, and admins any job. */
export function mayCancelJob(actor: Actor, job: Job): boolean {
  if (actor.kind === 'local') return true;
  if (actor.kind === 'user') return actor.user.role === 'admin' || job.submitterId === actor.user.id;
  return job.submittedBy === actorName(actor);
}
