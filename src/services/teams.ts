import { z } from 'zod';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { entityName, newTeam, type Page, type PageQuery, type Team, type User } from '../core/schemas.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from './cursor.js';
import type { Repositories, Store } from './ports.js';
import { isUuid } from './projects.js';
import { findAccount, userCursor, validUserCursor } from './users.js';

/** How GET /api/v1/teams may be sorted: by name (the default) or when the team was created. */
export const teamSorts = ['name', '-name', 'created', '-created'] as const;
/** How a team's members may be sorted: by email (the default) or name. */
export const memberSorts = ['email', '-email', 'name', '-name'] as const;

export async function listTeams(
  store: Store,
  actor: Actor,
  query: PageQuery & { sort?: string | undefined },
): Promise<Page<Team>> {
  authorize(actor, 'teams:read');
  const sort = sortOf(teamSorts, query.sort);
  const spec = sortSpec<'name' | 'created'>(sort);
  const created = spec.key === 'created';
  const after = decodeSortedCursor(
    query.cursor,
    sort,
    teamSorts[0],
    (c) => isUuid(c.id) && (!created || !Number.isNaN(Date.parse(c.key))),
  );
  const rows = await store.repos.teams.list({ limit: query.limit + 1, after, sort: spec });
  return toSortedPage(rows, query.limit, sort, (t) => ({
    key: created ? t.createdAt : t.name.toLowerCase(),
    id: t.id,
  }));
}

export async function createTeam(store: Store, actor: Actor, input: unknown): Promise<Team> {
  authorize(actor, 'teams:write');
  const data = validate(newTeam, input, 'team');
  return store.transaction(async (repos) => {
    if (await repos.teams.getByName(data.name)) {
      throw new ConflictError('ERR_OSPO_CONFLICT', `a team named "${data.name}" exists already`, {
        hint: 'Team names are unique, ignoring case.',
      });
    }
    const team = await repos.teams.insert({ name: data.name, title: data.title ?? null });
    await repos.audit.append({
      actor: actorName(actor),
      action: 'team.create',
      targetType: 'team',
      targetId: team.id,
      details: { name: team.name },
    });
    return team;
  });
}

export const teamChanges = z
  .object({
    name: entityName.optional(),
    title: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'give a new name or title' })
  .meta({ id: 'TeamChanges' });

/** Rename a team or change its title; audited. Its projects, members and tokens stay with it. */
export async function updateTeam(store: Store, actor: Actor, teamRef: string, input: unknown): Promise<Team> {
  authorize(actor, 'teams:write');
  const changes = validate(teamChanges, input, 'team changes');
  return store.transaction(async (repos) => {
    const before = await findTeam(repos, teamRef);
    if (changes.name !== undefined) {
      const taken = await repos.teams.getByName(changes.name);
      if (taken && taken.id !== before.id) {
        throw new ConflictError('ERR_OSPO_CONFLICT', `a team named "${changes.name}" exists already`, {
          hint: 'Team names are unique, ignoring case.',
        });
      }
    }
    const after = (await repos.teams.update(before.id, changes)) as Team;
    if (after.name !== before.name || after.title !== before.title) {
      await repos.audit.append({
        actor: actorName(actor),
        action: 'team.update',
        targetType: 'team',
        targetId: before.id,
        details: {
          from: { name: before.name, title: before.title },
          to: { name: after.name, title: after.title },
        },
      });
    }
    return after;
  });
}

/** A team's members, by email. Listing them shows users, so it needs users:read as well. */
export async function listTeamMembers(
  store: Store,
  actor: Actor,
  teamRef: string,
  query: PageQuery & { sort?: string | undefined },
): Promise<Page<User>> {
  authorize(actor, 'teams:read');
  authorize(actor, 'users:read');
  const sort = sortOf(memberSorts, query.sort);
  const spec = sortSpec<'email' | 'name'>(sort);
  const after = decodeSortedCursor(query.cursor, sort, memberSorts[0], (c) => validUserCursor(spec.key, c));
  const team = await findTeam(store.repos, teamRef);
  const rows = await store.repos.teams.members(team.id, { limit: query.limit + 1, after, sort: spec });
  return toSortedPage(rows, query.limit, sort, (u) => userCursor(spec.key, u));
}

export const newTeamMember = z
  .object({ user: z.string().trim().min(1).max(320).meta({ description: 'The user’s email or id.' }) })
  .strict()
  .meta({ id: 'NewTeamMember' });

/** Add a user to a team (adding a member again changes nothing); audited. */
export async function addTeamMember(
  store: Store,
  actor: Actor,
  teamRef: string,
  input: unknown,
): Promise<User> {
  authorize(actor, 'teams:write');
  const { user: ref } = validate(newTeamMember, input, 'team member');
  return store.transaction(async (repos) => {
    const team = await findTeam(repos, teamRef);
    const user = await findActiveUser(repos, ref);
    await repos.teams.addMember(team.id, user.id);
    await repos.audit.append({
      actor: actorName(actor),
      action: 'team.member.add',
      targetType: 'team',
      targetId: team.id,
      details: { team: team.name, user: user.email },
    });
    return user;
  });
}

/** Take a user off a team (whoever may add members may remove them); audited. */
export async function removeTeamMember(
  store: Store,
  actor: Actor,
  teamRef: string,
  userRef: string,
): Promise<void> {
  authorize(actor, 'teams:write');
  await store.transaction(async (repos) => {
    const team = await findTeam(repos, teamRef);
    const user = await findAccount(repos, userRef);
    if (!(await repos.teams.removeMember(team.id, user.id))) {
      throw new NotFoundError('ERR_OSPO_NOT_FOUND', `${user.email} is not a member of team ${team.name}`, {
        hint: `List the members with GET /api/v1/teams/${team.name}/members.`,
      });
    }
    await repos.audit.append({
      actor: actorName(actor),
      action: 'team.member.remove',
      targetType: 'team',
      targetId: team.id,
      details: { team: team.name, user: user.email },
    });
  });
}

async function findTeam(repos: Repositories, ref: string): Promise<Team> {
  const team = isUuid(ref) ? await repos.teams.get(ref) : await repos.teams.getByName(ref);
  if (!team) {
    throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no team "${ref}"`, {
      hint: 'List teams with GET /api/v1/teams; give its name or id.',
    });
  }
  return team;
}

async function findActiveUser(repos: Repositories, ref: string): Promise<User> {
  const found = isUuid(ref) ? await repos.users.get(ref) : await repos.users.getByEmailWithSecret(ref);
  if (!found || ('disabled' in found && found.disabled)) {
    throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no active user "${ref}"`, {
      hint: 'Give the email or id of an existing user (GET /api/v1/users).',
    });
  }
  return { id: found.id, email: found.email, name: found.name, role: found.role, createdAt: found.createdAt };
}
