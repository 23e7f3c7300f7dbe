import { z } from 'zod';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../core/errors.js';
import { newProject, type Page, type PageQuery, type Project, uuid } from '../core/schemas.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from './cursor.js';
import type { KeysetCursor, Store } from './ports.js';
import { assertInScope, projectScope } from './scope.js';

/** How GET /api/v1/projects may be sorted: by name (the default), creation, or newest scan (never-scanned last). */
export const projectSorts = ['name', '-name', 'created', '-created', 'scanned', '-scanned'] as const;
export type ProjectSort = (typeof projectSorts)[number];

export async function listProjects(
  store: Store,
  actor: Actor,
  query: PageQuery & { sort?: string | undefined },
): Promise<Page<Project>> {
  authorize(actor, 'projects:read');
  const sort = sortOf(projectSorts, query.sort);
  const spec = sortSpec<'name' | 'created' | 'scanned'>(sort);
  const after = decodeSortedCursor(query.cursor, sort, projectSorts[0], (c) => validKey(spec.key, c));
  const scope = await projectScope(store, actor);
  const rows = await store.repos.projects.list({
    limit: query.limit + 1,
    after,
    teamIds: scope?.teamIds,
    sort: spec,
  });
  const page = toSortedPage(rows, query.limit, sort, (p) => ({
    key:
      spec.key === 'created'
        ? p.createdAt
        : spec.key === 'scanned'
          ? (p.scannedAt ?? '')
          : p.name.toLowerCase(),
    id: p.id,
  }));
  return { items: page.items.map(({ scannedAt: _scannedAt, ...p }) => p), next: page.next };
}

/** A cursor's id must be a uuid and a time key a time ('' for never scanned), before any SQL sees them. */
function validKey(key: 'name' | 'created' | 'scanned', cursor: KeysetCursor): boolean {
  if (!isUuid(cursor.id)) return false;
  if (key === 'created') return !Number.isNaN(Date.parse(cursor.key));
  if (key === 'scanned') return cursor.key === '' || !Number.isNaN(Date.parse(cursor.key));
  return true;
}

export async function getProject(store: Store, actor: Actor, idOrName: string): Promise<Project> {
  authorize(actor, 'projects:read');
  const repo = store.repos.projects;
  const found = isUuid(idOrName) ? await repo.get(idOrName) : await repo.getByName(idOrName);
  if (!found) {
    throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no project "${idOrName}"`, {
      hint: 'List projects with `ospo projects list` or GET /api/v1/projects.',
    });
  }
  await assertInScope(store, actor, found);
  return found;
}

/** Create a project and its audit entry in one transaction. */
export async function createProject(store: Store, actor: Actor, input: unknown): Promise<Project> {
  authorize(actor, 'projects:write');
  const data = validate(newProject, input, 'project');
  return store.transaction(async (repos) => {
    if (await repos.projects.getByName(data.name)) {
      throw new ConflictError('ERR_OSPO_CONFLICT', `a project named "${data.name}" exists already`, {
        hint: 'Project names are unique, ignoring case. Pick another name.',
      });
    }
    const ownerTeamId = data.ownerTeamId ?? null;
    if (ownerTeamId && !(await repos.teams.get(ownerTeamId))) {
      throw new InputError('ERR_OSPO_VALIDATION', `no team with id ${ownerTeamId}`, {
        hint: 'Create the team first, or leave the owner empty.',
      });
    }
    const created = await repos.projects.insert({
      name: data.name,
      description: data.description ?? null,
      ownerTeamId,
      lifecycle: data.lifecycle,
      relation: data.relation,
      distribution: data.distribution ?? null,
    });
    await repos.audit.append({
      actor: actorName(actor),
      action: 'project.create',
      targetType: 'project',
      targetId: created.id,
      details: {
        name: created.name,
        lifecycle: created.lifecycle,
        relation: created.relation,
        distribution: created.distribution,
      },
    });
    return created;
  });
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export const projectChanges = z
  .object({
    ownerTeamId: uuid
      .nullable()
      .optional()
      .meta({ description: 'The team that owns the project; null: no team (every member sees it).' }),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'give a change, such as ownerTeamId' })
  .meta({ id: 'ProjectChanges' });

/**
 * Move a project to another team or to none, audited. Admins and OSPO move any project anywhere;
 * team-scoped actors (members, team tokens) only a project they see, and only to one of their teams.
 */
export async function updateProject(
  store: Store,
  actor: Actor,
  idOrName: string,
  input: unknown,
): Promise<Project> {
  authorize(actor, 'projects:write');
  const changes = validate(projectChanges, input, 'project changes');
  const project = await getProject(store, actor, idOrName);
  const to = changes.ownerTeamId;
  if (to === undefined || to === project.ownerTeamId) return project;
  const scope = await projectScope(store, actor);
  if (scope !== null && (to === null || !scope.teamIds.includes(to))) {
    throw new ForbiddenError('ERR_OSPO_FORBIDDEN', 'you may move a project only to one of your teams', {
      hint: 'Admins and OSPO can move a project to any team, or to none.',
      details: { ownerTeamId: to },
    });
  }
  return store.transaction(async (repos) => {
    const team = to === null ? null : await repos.teams.get(to);
    if (to !== null && !team) {
      throw new InputError('ERR_OSPO_VALIDATION', `no team with id ${to}`, {
        hint: 'List teams with GET /api/v1/teams and give its id, or null for no team.',
        details: { problems: [{ path: 'ownerTeamId', message: 'no such team' }] },
      });
    }
    const from = project.ownerTeamId === null ? null : await repos.teams.get(project.ownerTeamId);
    const saved = (await repos.projects.setOwnerTeam(project.id, to)) as Project;
    await repos.audit.append({
      actor: actorName(actor),
      action: 'project.team',
      targetType: 'project',
      targetId: project.id,
      details: {
        name: project.name,
        from: from ? { id: from.id, name: from.name } : null,
        to: team ? { id: team.id, name: team.name } : null,
      },
    });
    return saved;
  });
}

/** Set a project's distribution context (null: the license policy's default applies), audited. */
export async function setProjectDistribution(
  store: Store,
  actor: Actor,
  idOrName: string,
  distribution: Project['distribution'],
): Promise<Project> {
  authorize(actor, 'projects:write');
  const project = await getProject(store, actor, idOrName);
  return store.transaction(async (repos) => {
    const saved = (await repos.projects.setDistribution(project.id, distribution)) as Project;
    await repos.audit.append({
      actor: actorName(actor),
      action: 'project.distribution',
      targetType: 'project',
      targetId: project.id,
      details: { from: project.distribution, to: distribution },
    });
    return saved;
  });
}
