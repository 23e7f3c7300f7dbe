import { newTeam, team, user } from '../../core/schemas.js';
import {
  addTeamMember,
  createTeam,
  listTeamMembers,
  listTeams,
  newTeamMember,
} from '../../services/teams.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { conflict, guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

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

  app.openapi(
    defineRoute('users:read', {
      method: 'get',
      path: '/api/v1/teams/{id}/members',
      tags: ['teams'],
      summary: "A team's members, by email, a page at a time (needs teams:read too)",
      request: { params: idParam, query: listQuery },
      responses: {
        200: json(pageOf(user, 'TeamMemberPage'), 'A page of members.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const page = await listTeamMembers(
        c.get('store'),
        actor,
        c.req.valid('param').id,
        c.req.valid('query'),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('teams:write', {
      method: 'post',
      path: '/api/v1/teams/{id}/members',
      tags: ['teams'],
      summary: 'Add a user to a team; adding a member again changes nothing',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: newTeamMember } } },
      },
      responses: { 201: json(user, 'The member.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const added = await addTeamMember(c.get('store'), actor, c.req.valid('param').id, c.req.valid('json'));
      return c.json(added, 201);
    },
  );
}
