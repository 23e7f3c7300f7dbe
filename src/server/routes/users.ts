import { newUser, user } from '../../core/schemas.js';
import { sortParam } from '../../services/cursor.js';
import {
  createUser,
  listUsers,
  updateUser,
  userAccount,
  userChanges,
  userSorts,
} from '../../services/users.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { problemSchema } from '../problem.js';
import { conflict, guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

const lastAdmin = {
  409: {
    description: 'It would leave no active admin (ERR_OSPO_LAST_ADMIN).',
    content: { 'application/problem+json': { schema: problemSchema } },
  },
} as const;

const usersQuery = listQuery.extend({
  sort: sortParam(
    userSorts,
    'Order by email, by name (both any case), or by when the account was created; `-` descends, ties go by id.',
  ),
});

export function userRoutes(app: App): void {
  app.openapi(
    defineRoute('users:read', {
      method: 'get',
      path: '/api/v1/users',
      tags: ['users'],
      summary: 'List users, by email or as sorted, a page at a time (disabled ones included)',
      request: { query: usersQuery },
      responses: { 200: json(pageOf(userAccount, 'UserPage'), 'A page of users.'), ...guardedErrors },
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

  app.openapi(
    defineRoute('users:write', {
      method: 'patch',
      path: '/api/v1/users/{id}',
      tags: ['users'],
      summary: "Change a user's name or role, or disable or enable them (by id or email)",
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: userChanges } } },
      },
      responses: {
        200: json(userAccount, 'The user, changed.'),
        ...guardedErrors,
        ...notFound,
        ...lastAdmin,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const changed = await updateUser(c.get('store'), actor, c.req.valid('param').id, c.req.valid('json'));
      return c.json(changed, 200);
    },
  );
}
