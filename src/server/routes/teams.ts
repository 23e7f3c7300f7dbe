import { newTeam, team } from '../../core/schemas.js';
import { createTeam, listTeams } from '../../services/teams.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { conflict, guardedErrors, json, listQuery, pageOf } from './common.js';

export function teamRoutes(app: App): void {
  app.openapi(
    defineRoute('teams:read', {
      method: 'get',
      path: '/api/v1/teams',
      tags: ['teams'],
      summary: 'List teams, by name, a page at a time',
      request: { query: listQuery },
      responses: { 200: json(pageOf(team, 'TeamPage'), 'A page of teams.'), ...guardedErrors },
    }),
    async (c) =>
      c.json(await listTeams(c.get('store'), requireActor(c.get('actor')), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute('teams:write', {
      method: 'post',
      path: '/api/v1/teams',
      tags: ['teams'],
      summary: 'Create a team',
      request: { body: { required: true, content: { 'application/json': { schema: newTeam } } } },
      responses: { 201: json(team, 'The new team.'), ...guardedErrors, ...conflict },
    }),
    async (c) =>
      c.json(await createTeam(c.get('store'), requireActor(c.get('actor')), c.req.valid('json')), 201),
  );
}
