import { z } from 'zod';
import { ecosystems, scopes } from '../../core/inventory.js';
import { actorRef } from '../../jobs/actor.js';
import type { JobQueue } from '../../jobs/queue.js';
import { authorize } from '../../services/actor.js';
import { sortParam } from '../../services/cursor.js';
import { checkGitRef, checkGitUrl } from '../../services/inventory/git-source.js';
import { allowedFolder } from '../../services/inventory/scan-roots.js';
import {
  diffScans,
  getScan,
  listScanPackages,
  listScans,
  scanPackageSorts,
  scanSorts,
} from '../../services/inventory/scans.js';
import { getProject } from '../../services/projects.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';
import { answerQueued, jobAccepted, jobCancelled, jobUnavailable, requireJobs, waitQuery } from './jobs.js';

const scanSummary = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    createdAt: z.string(),
    createdBy: z.string(),
    source: z.enum(['path', 'sbom']),
    vcsCommit: z.string().nullable(),
    vcsBranch: z.string().nullable(),
    toolVersion: z.string(),
    packageCount: z.number().int(),
    edgeCount: z.number().int(),
    fileCount: z.number().int(),
    errorCount: z.number().int(),
  })
  .meta({ id: 'ScanSummary' });
type ScanSummaryBody = z.infer<typeof scanSummary>;

const problemItem = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  line: z.number().optional(),
});
const scanDetail = scanSummary
  .extend({
    files: z.array(
      z.object({
        path: z.string(),
        format: z.string(),
        packages: z.number().int(),
        warnings: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().optional() })),
        sha256: z.string().optional(),
        extractorVersion: z.number().int().optional(),
      }),
    ),
    errors: z.array(problemItem),
  })
  .meta({ id: 'ScanDetail' });

/** A package of a stored scan, as every API answer about packages starts. */
export const packageFields = z.object({
  purl: z.string(),
  ecosystem: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  scope: z.string(),
  direct: z.boolean().nullable(),
  locations: z.array(z.string()),
});

const scanPackage = packageFields.extend({ licenses: z.array(z.string()) }).meta({ id: 'ScanPackage' });

const packagesQuery = listQuery.extend({
  ecosystem: z.enum(ecosystems).optional(),
  scope: z.enum(scopes).optional(),
  q: z.string().max(200).optional().meta({ description: 'Part of the package name, any case.' }),
  sort: sortParam(
    scanPackageSorts,
    'Order by purl, by name (any case), or by ecosystem then name; `-name` descends, ties go by purl.',
  ),
});

const scansQuery = listQuery.extend({
  sort: sortParam(scanSorts, 'Newest first (`-created`) or oldest first (`created`); ties go by id.'),
});

const newScan = z
  .union([
    z.object({
      path: z
        .string()
        .min(1)
        .max(4096)
        .meta({ description: 'A folder on the server, inside OSPO_SCAN_ROOTS.' }),
    }),
    z.object({
      sbom: z
        .union([z.string().min(1), z.record(z.string(), z.unknown())])
        .meta({ description: 'An SBOM document: CycloneDX or SPDX 2, as text or as a JSON object.' }),
      name: z.string().max(500).optional().meta({ description: 'The file name, for messages.' }),
    }),
    z.object({
      git: z
        .object({
          url: z
            .string()
            .min(1)
            .max(2048)
            .meta({
              description:
                'An https:// URL of a repository on a host OSPO_SCAN_GIT_HOSTS allows (file:// only when it lists `file`). ' +
                'A user name and password in it are used to clone, never stored.',
            }),
          ref: z
            .string()
            .min(1)
            .max(255)
            .optional()
            .meta({ description: 'A branch or tag; the default branch when absent.' }),
        })
        .meta({ description: 'A git repository, shallow-cloned by the worker and scanned.' }),
    }),
  ])
  .meta({ id: 'NewScan' });

const diffQuery = z.object({ against: z.uuid().meta({ description: 'The earlier scan to compare with.' }) });
const diff = z
  .object({
    from: z.string(),
    to: z.string(),
    added: z.array(scanPackage),
    removed: z.array(scanPackage),
    changed: z.array(
      z.object({
        ecosystem: z.string(),
        name: z.string(),
        from: z.array(z.string().nullable()),
        to: z.array(z.string().nullable()),
      }),
    ),
  })
  .meta({ id: 'ScanDiff' });

export interface ScanRouteOptions {
  /** Folders a server-side scan may read; empty disables server-side scans. */
  scanRoots: readonly string[];
  /** Hosts git scans may clone from (OSPO_SCAN_GIT_HOSTS); empty disables git scans. */
  gitHosts: readonly string[];
  version: string;
  /** Where scans are queued; null answers 503 to them. */
  jobs: JobQueue | null;
}

export function scanRoutes(app: App, options: ScanRouteOptions): void {
  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/projects/{id}/scans',
      tags: ['scans'],
      summary: "A project's scans, newest first (or oldest first)",
      request: { params: idParam, query: scansQuery },
      responses: {
        200: json(pageOf(scanSummary, 'ScanPage'), 'A page of scans.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listScans(c.get('store'), requireActor(c.get('actor')), c.req.valid('param').id, q);
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('scans:write', {
      method: 'post',
      path: '/api/v1/projects/{id}/scans',
      tags: ['scans'],
      summary:
        'Keep a scan: of an uploaded SBOM, of a git repository (hosts in OSPO_SCAN_GIT_HOSTS), or of a folder on the server (admins and OSPO, inside OSPO_SCAN_ROOTS)',
      description:
        'The request is checked at once (400, 403, 404); the scan itself runs as a job: the answer is 202 with ' +
        'the job and a Location to follow (GET /api/v1/jobs/{id}), whose result is `{ scan }` once completed. ' +
        'With ?wait=true the answer waits for the job: 201 with the saved scan, or the job’s error.',
      request: {
        params: idParam,
        query: waitQuery,
        body: { required: true, content: { 'application/json': { schema: newScan } } },
      },
      responses: {
        201: json(scanSummary, 'With ?wait=true: the saved scan.'),
        202: json(jobAccepted, 'Queued: follow the job at `location`.'),
        ...guardedErrors,
        ...notFound,
        ...jobCancelled,
        ...jobUnavailable,
      },
    }),
    async (c) => {
      const actor = requireActor(c.get('actor'));
      // the union's shapes, seen as one: exactly one of sbom, git and path is set (the schema checked it)
      const body = c.req.valid('json') as {
        sbom?: string | Record<string, unknown>;
        name?: string;
        path?: string;
        git?: { url: string; ref?: string };
      };
      const wait = c.req.valid('query').wait === 'true';
      // everything a request can get wrong is answered now, before a job is queued
      const project = await getProject(c.get('store'), actor, c.req.valid('param').id);
      let id: string;
      if (body.sbom !== undefined) {
        const { sbomFormats } = await import('../../services/inventory/plugins.js');
        const { readSbom } = await import('../../services/inventory/sbom.js');
        const name = body.name ?? 'upload';
        const text = typeof body.sbom === 'string' ? body.sbom : JSON.stringify(body.sbom);
        readSbom(sbomFormats, text, name); // a document we cannot read is a 400 now, not a failed job
        id = await requireJobs(options.jobs).send(
          'scan.sbom',
          { actor: actorRef(actor), projectId: project.id, name },
          { attachment: text, summary: { project: project.name, file: name } },
        );
      } else if (body.git) {
        const source = checkGitUrl(body.git.url, options.gitHosts);
        if (source.protocol === 'file') authorize(actor, 'scans:server-path');
        const ref = checkGitRef(body.git.ref);
        id = await requireJobs(options.jobs).send(
          'scan.git',
          { actor: actorRef(actor), projectId: project.id, url: source.url, ref },
          {
            summary: { project: project.name, url: source.url, ...(ref ? { ref } : {}) },
            // credentials stay out of the job data; the attachment is dropped once the job has run
            ...(source.credentials ? { attachment: body.git.url } : {}),
          },
        );
      } else {
        authorize(actor, 'scans:server-path');
        const folder = allowedFolder(body.path ?? '', options.scanRoots);
        id = await requireJobs(options.jobs).send(
          'scan.path',
          { actor: actorRef(actor), projectId: project.id, path: folder },
          { summary: { project: project.name, path: folder } },
        );
      }
      const answer = await answerQueued(
        c,
        requireJobs(options.jobs),
        id,
        wait,
        (result) => result.scan as ScanSummaryBody,
      );
      return answer.status === 201 ? c.json(answer.body, 201) : c.json(answer.body, 202);
    },
  );

  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/scans/{id}',
      tags: ['scans'],
      summary: 'One scan with its files and errors',
      request: { params: idParam },
      responses: { 200: json(scanDetail, 'The scan.'), ...guardedErrors, ...notFound },
    }),
    async (c) =>
      c.json(await getScan(c.get('store'), requireActor(c.get('actor')), c.req.valid('param').id), 200),
  );

  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/scans/{id}/packages',
      tags: ['scans'],
      summary: "A scan's packages by purl (or as sorted), filtered by ecosystem, scope or name",
      request: { params: idParam, query: packagesQuery },
      responses: {
        200: json(pageOf(scanPackage, 'ScanPackagePage'), 'A page of packages.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const page = await listScanPackages(
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
      path: '/api/v1/scans/{id}/diff',
      tags: ['scans'],
      summary: 'Packages added, removed or changed since an earlier scan',
      request: { params: idParam, query: diffQuery },
      responses: { 200: json(diff, 'The difference.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const result = await diffScans(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('query').against,
        c.req.valid('param').id,
      );
      return c.json(result, 200);
    },
  );
}
