import { z } from 'zod';
import { apiToken, createdApiToken, newApiToken } from '../../core/tokens.js';
import { sortParam } from '../../services/cursor.js';
import { createToken, listTokens, revokeToken, tokenSorts } from '../../services/tokens.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, json, listQuery, notFound, pageOf } from './common.js';

const flag = (description: string) => z.enum(['true', 'false']).optional().meta({ description });

const tokensQuery = listQuery.extend({
  all: flag("Everyone's tokens, not just yours and your teams' (admins only)."),
  includeRevoked: flag('Also list revoked tokens.'),
  sort: sortParam(
    tokenSorts,
    'Order by when the token was created (`-created`: newest first) or by name (any case); ties go by id.',
  ),
});

const tokenParam = z.object({ id: z.uuid().meta({ description: 'The token id (not its secret).' }) });

/** API tokens for CI: created and revoked by people signed in (tokens cannot manage tokens). */
export function tokenRoutes(app: App): void {
  app.openapi(
    defineRoute('tokens:own', {
      method: 'get',
      path: '/api/v1/tokens',
      tags: ['tokens'],
      summary:
        'Your API tokens and, if you manage them, team tokens; newest first or as sorted, never with secrets',
      request: { query: tokensQuery },
      responses: { 200: json(pageOf(apiToken, 'ApiTokenPage'), 'A page of tokens.'), ...guardedErrors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listTokens(c.get('store'), requireActor(c.get('actor')), {
        limit: q.limit,
        cursor: q.cursor,
        sort: q.sort,
        all: q.all === 'true',
        includeRevoked: q.includeRevoked === 'true',
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('tokens:own', {
      method: 'post',
      path: '/api/v1/tokens',
      tags: ['tokens'],
      summary: 'Create an API token; the answer holds its secret, shown this once',
      request: { body: { required: true, content: { 'application/json': { schema: newApiToken } } } },
      responses: {
        201: json(createdApiToken, 'The token, with its secret.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const created = await createToken(c.get('store'), requireActor(c.get('actor')), c.req.valid('json'));
      return c.json(created, 201);
    },
  );

  app.openapi(
    defineRoute('tokens:own', {
      method: 'delete',
      path: '/api/v1/tokens/{id}',
      tags: ['tokens'],
      summary: 'Revoke a token at once (it stays listed with includeRevoked)',
      request: { params: tokenParam },
      responses: { 204: { description: 'Revoked.' }, ...guardedErrors, ...notFound },
    }),
    async (c) => {
      await revokeToken(c.get('store'), requireActor(c.get('actor')), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
