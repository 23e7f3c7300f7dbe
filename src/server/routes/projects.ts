import { newProject, project } from '../../core/schemas.js';
import { sortParam } from '../../services/cursor.js';
import {
  createProject,
  getProject,
  listProjects,
  projectChanges,
  projectSorts,
  updateProject,
} from '../../services/projects.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { conflict, guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';

const projectsQuery = listQuery.extend({
  sort: sortParam(
    projectSorts,
    'Order by name (any case), by when the project was created, or by the time of its newest scan (never-scanned projects last); `-` descends, ties go by id.',
  ),
});

export function projectRoutes(app: App): void {
  app.openapi(
    defineRoute('projects:read', {
      method: 'get',
      path: '/api/v1/projects',
      tags: ['projects'],
      summary: 'List projects, by name or as sorted, a page at a time',
      request: { query: projectsQuery },
      responses: { 200: json(pageOf(project, 'ProjectPage'), 'A page of projects.'), ...guardedErrors },
    }),
    async (c) => {
      const page = await listProjects(c.get('store'), requireActor(c.get('actor')), c.req.valid('query'));
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('projects:write', {
      method: 'post',
      path: '/api/v1/projects',
      tags: ['projects'],
      summary: 'Create a project',
      request: { body: { required: true, content: { 'application/json': { schema: newProject } } } },
      responses: { 201: json(project, 'The new project.'), ...guardedErrors, ...conflict },
    }),
    async (c) => {
      const created = await createProject(c.get('store'), requireActor(c.get('actor')), c.req.valid('json'));
      return c.json(created, 201, { location: `/api/v1/projects/${created.id}` });
    },
  );

  app.openapi(
    defineRoute('projects:read', {
      method: 'get',
      path: '/api/v1/projects/{id}',
      tags: ['projects'],
      summary: 'Read one project by id or name',
      request: { params: idParam },
      responses: { 200: json(project, 'The project.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const found = await getProject(c.get('store'), requireActor(c.get('actor')), c.req.valid('param').id);
      return c.json(found, 200);
    },
  );

  app.openapi(
    defineRoute('projects:write', {
      method: 'patch',
      path: '/api/v1/projects/{id}',
      tags: ['projects'],
      summary: 'Move a project to another team, or to none',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: projectChanges } } },
      },
      responses: { 200: json(project, 'The project, changed.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      const saved = await updateProject(c.get('store'), actor, c.req.valid('param').id, c.req.valid('json'));
      return c.json(saved, 200);
    },
  );
}
