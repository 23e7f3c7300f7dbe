import { ConflictError } from '../core/errors.js';
import { newTeam, type Page, type PageQuery, type Team } from '../core/schemas.js';
import { validate } from '../core/validate.js';
import { type Actor, actorName, authorize } from './actor.js';
import { decodeCursor, toPage } from './cursor.js';
import type { Store } from './ports.js';

export async function listTeams(store: Store, actor: Actor, query: PageQuery): Promise<Page<Team>> {
  authorize(actor, 'teams:read');
  const rows = await store.repos.teams.list({ limit: query.limit + 1, after: decodeCursor(query.cursor) });
  return toPage(rows, query.limit, (t) => ({ key: t.name.toLowerCase(), id: t.id }));
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
