import { ForbiddenError } from '../core/errors.js';
import type { Project, Role } from '../core/schemas.js';
import type { Actor } from './actor.js';
import type { Store } from './ports.js';

/**
 * Which projects an actor may see. Teams own projects: admin, ospo, legal and security see every
 * project; members and viewers see the projects of their teams and those no team owns; a team's token
 * sees its team's. `null` means every project.
 */
export type ProjectScope = { teamIds: readonly string[] } | null;

const seeAll: readonly Role[] = ['admin', 'ospo', 'legal', 'security'];

export async function projectScope(store: Store, actor: Actor): Promise<ProjectScope> {
  if (actor.kind === 'local') return null;
  if (actor.kind === 'token' && actor.team) return { teamIds: [actor.team.id] };
  const user = actor.user;
  if (!user) return { teamIds: [] };
  if (seeAll.includes(user.role)) return null;
  return { teamIds: await store.repos.teams.teamsOf(user.id) };
}

export function inScope(scope: ProjectScope, project: Pick<Project, 'ownerTeamId'>): boolean {
  return scope === null || project.ownerTeamId === null || scope.teamIds.includes(project.ownerTeamId);
}

/** Refuse a project outside the actor's teams. */
export async function assertInScope(store: Store, actor: Actor, project: Project): Promise<void> {
  if (inScope(await projectScope(store, actor), project)) return;
  throw new ForbiddenError(
    'ERR_OSPO_PROJECT_FORBIDDEN',
    `project "${project.name}" belongs to another team`,
    {
      hint: "Members see their teams' projects; ask an admin to add you to the owning team.",
    },
  );
}

/** The ids of the projects a scope holds, or null for every project. */
export async function visibleProjectIds(
  store: Store,
  scope: ProjectScope,
): Promise<ReadonlySet<string> | null> {
  if (scope === null) return null;
  const projects = await store.repos.projects.list({ limit: 1_000_000, teamIds: scope.teamIds });
  return new Set(projects.map((p) => p.id));
}
