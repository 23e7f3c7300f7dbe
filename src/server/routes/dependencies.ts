import { z } from 'zod';
import { dependencyPaths, listDependencies } from '../../services/dependencies.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

const purl = z.string().min(1).max(2000);

const dependencyNode = z
  .object({
    purl: z.string(),
    ecosystem: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    scope: z.string(),
    direct: z.boolean().nullable(),
    licenses: z.array(z.string()),
    children: z.number().int().meta({ description: 'How many packages of the scan it depends on.' }),
  })
  .meta({ id: 'DependencyNode' });

const dependenciesQuery = listQuery.extend({
  of: purl.optional().meta({
    description:
      'A package of the scan, by purl: list what it depends on. Without it, the roots: the direct ' +
      'packages and the packages nothing else in the scan depends on.',
  }),
});

const pathsQuery = z.object({
  to: purl.meta({ description: 'A package of the scan, by purl.' }),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

const paths = z
  .object({
    to: z.string(),
    roots: z.number().int().meta({ description: 'How many roots reach the package, itself included.' }),
    paths: z
      .array(z.array(z.string()))
      .meta({ description: 'Shortest first: purls from a root down to the package.' }),
  })
  .meta({ id: 'DependencyPaths' });

export function dependencyRoutes(app: App): void {
  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/scans/{id}/dependencies',
      tags: ['scans'],
      summary: "One level of a scan's dependency tree: the roots, or what one package depends on",
      description:
        'Ordered by purl. `children` says how many packages each one depends on in turn. ' +
        'An `of` that is not a package of the scan is a 404 with code ERR_OSPO_PACKAGE_NOT_IN_SCAN.',
      request: { params: idParam, query: dependenciesQuery },
      responses: {
        200: json(pageOf(dependencyNode, 'DependencyNodePage'), 'A page of packages.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const page = await listDependencies(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        c.req.valid('query'),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/scans/{id}/paths',
      tags: ['scans'],
      summary: 'The shortest dependency paths from a root of a scan to one of its packages',
      description:
        'Cycles end a path; they never repeat a package in it. ' +
        'A `to` that is not a package of the scan is a 404 with code ERR_OSPO_PACKAGE_NOT_IN_SCAN.',
      request: { params: idParam, query: pathsQuery },
      responses: { 200: json(paths, 'The paths.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const result = await dependencyPaths(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        c.req.valid('query'),
      );
      return c.json(result, 200);
    },
  );
}
