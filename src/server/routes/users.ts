import { newUser, user } from '../../core/schemas.js';
import { createUser, listUsers } from '../../services/users.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { conflict, guardedErrors, json, listQuery, pageOf } from './common.js';

export function userRoutes(app: App): void {
  app.openapi(
    defineRoute('users:read', {
      method: 'get',
      path: '/api/v1/users',
      tags: ['users'],
      summary: 'List users, by email, a page at a time',
      request: { query: listQuery },
      responses: { 200: json(pageOf(user, 'UserPage'), 'A page of users.'), ...guardedErrors },
    }),
    async (c) =>
      c.json(await listUsers(c.get('store'), requireActor(c.get('actor')), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute('users:write', {
      method: 'post',
      path: '/api/v1/users',
      tags: ['users'],
      summary: 'Create a user with a password',
      request: { body: { required: true, content: { 'application/json': { schema: newUser } } } },
      responses: { 201: json(user, 'The new user.'), ...guardedErrors, ...conflict },
    }),
    async (c) =>
      c.json(await createUser(c.get('store'), requireActor(c.get('actor')), c.req.valid('json')), 201),
  );
}
