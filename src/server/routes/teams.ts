import { z } from 'zod';
import { newTeam, team, user } from '../../core/schemas.js';
import { sortParam } from '../../services/cursor.js';
import {
  addTeamMember,
  createTeam,
  listTeamMembers,
  listTeams,
  memberSorts,
  newTeamMember,
  removeTeamMember,
  teamChanges,
  teamSorts,
  updateTeam,
} from '../../services/teams.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { conflict, guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

const memberParams = idParam.extend({
  userId: z.string().min(1).max(320).meta({ description: 'The member’s id or email.' }),
});

const teamsQuery = listQuery.extend({
  sort: sortParam(
    teamSorts,
    'Order by name (any case) or by when the team was created; `-` descends, ties go by id.',
  ),
});
const membersQuery = listQuery.extend({
  sort: sortParam(memberSorts, 'Order by email or by name (both any case); `-` descends, ties go by id.'),
});

export function teamRoutes(app: App): void {
  app.openapi(
    defineRoute('teams:read', {
      method: 'get',
      path: '/api/v1/teams',
      tags: ['teams'],
      summary: 'List teams, by name or as sorted, a page at a time',
      request: { query: teamsQuery },
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
      summary: "A team's members, by email or as sorted, a page at a time (needs teams:read too)",
      request: { params: idParam, query: membersQuery },
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

  app.openapi(
    defineRoute('teams:write', {
      method: 'patch',
      path: '/api/v1/teams/{id}',
      tags: ['teams'],
      summary: 'Rename a team or change its title; its projects, members and tokens stay with it',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: teamChanges } } },
      },
      responses: { 200: json(team, 'The team, changed.'), ...guardedErrors, ...notFound, ...conflict },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const changed = await updateTeam(c.get('store'), actor, c.req.valid('param').id, c.req.valid('json'));
      return c.json(changed, 200);
    },
  );

  app.openapi(
    defineRoute('teams:write', {
      method: 'delete',
      path: '/api/v1/teams/{id}/members/{userId}',
      tags: ['teams'],
      summary: 'Take a user off a team',
      request: { params: memberParams },
      responses: { 204: { description: 'Removed.' }, ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await removeTeamMember(c.get('store'), requireActor(c.get('actor')), id, userId);
      return c.body(null, 204);
    },
  );
}
