import { z } from 'zod';
import { triageStates } from '../../core/vex.js';
import { cachedSummary } from '../../services/summary-cache.js';
import {
  advisoryDetail,
  findingQuery,
  listFindings,
  triageBody,
  triageFinding,
  triageHistory,
  vulnerabilitySummary,
} from '../../services/vulnerabilities/findings.js';
import { ratings } from '../../services/vulnerabilities/severity.js';
import { exportVex, importVex, vexExportFormats } from '../../services/vulnerabilities/vex.js';
import { whereUsed } from '../../services/vulnerabilities/where.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, idParam, json, notFound } from './common.js';

const severity = z.enum(ratings);
const counts = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  unknown: z.number().int(),
});

export const triage = z
  .object({
    state: z.enum(triageStates),
    justification: z.string().nullable(),
    response: z.array(z.string()),
    detail: z.string().nullable(),
    source: z.string().meta({ description: '`user`, or `vex:<format>` when a VEX document set it.' }),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'Triage' });

const finding = z
  .object({
    projectId: z.string(),
    projectName: z.string(),
    scanId: z.string(),
    purl: z.string(),
    ecosystem: z.string(),
    name: z.string(),
    version: z.string(),
    advisory: z.string(),
    aliases: z.array(z.string()),
    summary: z.string().nullable(),
    severity,
    score: z.number().nullable(),
    cvss: z.object({ version: z.string(), vector: z.string() }).nullable(),
    fixed: z
      .array(z.string())
      .meta({ description: 'For each affecting range, the smallest fixed version above this one.' }),
    introducedBy: z.array(z.array(z.string())).meta({
      description:
        "Dependency paths (purls, top first, down to the package's parent); empty for a direct one.",
    }),
    direct: z.boolean().nullable(),
    locations: z.array(z.string()),
    firstSeen: z.string(),
    triage: triage.nullable().meta({ description: 'null until someone (or a VEX document) decides.' }),
  })
  .meta({ id: 'Finding' });

const findingPage = z
  .object({ items: z.array(finding), next: z.string().nullable(), total: z.number().int() })
  .meta({ id: 'FindingPage' });

const summary = z
  .object({
    advisories: z.number().int(),
    projects: z.number().int().meta({ description: 'Projects with a saved scan.' }),
    projectsAffected: z.number().int().meta({ description: 'Projects with at least one open finding.' }),
    open: counts.meta({ description: 'Open findings (untriaged, in triage or exploitable) by severity.' }),
    states: z.record(z.string(), z.number().int()),
    trend: z
      .array(counts.extend({ at: z.string() }))
      .meta({ description: 'Open findings per day, oldest first.' }),
    projectsAtRisk: z.array(counts.extend({ id: z.string(), name: z.string() })),
  })
  .meta({ id: 'VulnerabilitySummary' });

const advisory = z
  .object({
    id: z.string(),
    summary: z.string().nullable(),
    details: z.string().nullable(),
    aliases: z.array(z.string()),
    published: z.string().nullable(),
    modified: z.string(),
    withdrawn: z.string().nullable(),
    severity,
    score: z.number().nullable(),
    cvss: z.object({ version: z.string(), vector: z.string() }).nullable(),
    references: z.array(z.object({ type: z.string(), url: z.string() })),
    affected: z.array(
      z.object({
        ecosystem: z.string(),
        name: z.string(),
        ranges: z.array(z.unknown()),
        versions: z.array(z.string()),
      }),
    ),
    findings: z.array(finding),
  })
  .meta({ id: 'Advisory' });

const historyEntry = z.object({
  state: z.enum(triageStates),
  justification: z.string().nullable(),
  response: z.array(z.string()),
  detail: z.string().nullable(),
  source: z.string(),
  actor: z.string(),
  at: z.string(),
});

const vexReport = z
  .object({
    format: z.string(),
    document: z.string().nullable(),
    statements: z.number().int(),
    applied: z.array(z.object({ purl: z.string(), advisory: z.string(), state: z.string() })),
    unmatched: z.array(z.object({ vulnerability: z.string(), components: z.array(z.string()) })),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: 'VexImportReport' });

/** One project's use of a package, as `where` and the package page answer it. */
export const whereRow = z.object({
  projectId: z.string(),
  projectName: z.string(),
  scanId: z.string(),
  scannedAt: z.string(),
  purl: z.string(),
  ecosystem: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  scope: z.string(),
  direct: z.boolean().nullable(),
  licenses: z.array(z.string()).meta({ description: 'Declared license strings, as the scan found them.' }),
  findings: z.array(z.object({ advisory: z.string(), severity: z.string(), triage: triage.nullable() })),
});

const whereReport = z
  .object({
    query: z.object({
      ecosystem: z.string().nullable(),
      name: z.string(),
      version: z.string().nullable(),
      versionRange: z.string().nullable(),
    }),
    projects: z.number().int(),
    rows: z.array(whereRow),
    problems: z.array(z.object({ purl: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'PackageUsage' });

const projectFindingQuery = findingQuery.omit({ project: true });

export function vulnerabilityRoutes(app: App, options: { version: string }): void {
  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/findings',
      tags: ['vulnerabilities'],
      summary: "Findings of every project's newest scan, worst first",
      request: { query: findingQuery },
      responses: { 200: json(findingPage, 'A page of findings.'), ...guardedErrors, ...notFound },
    }),
    async (c) =>
      c.json(await listFindings(c.get('store'), requireActor(c.get('actor')), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/projects/{id}/findings',
      tags: ['vulnerabilities'],
      summary: "Findings of the project's newest scan, worst first",
      request: { params: idParam, query: projectFindingQuery },
      responses: { 200: json(findingPage, 'A page of findings.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const query = { ...c.req.valid('query'), project: c.req.valid('param').id };
      return c.json(await listFindings(c.get('store'), requireActor(c.get('actor')), query), 200);
    },
  );

  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/vulnerabilities/summary',
      tags: ['vulnerabilities'],
      summary:
        'Open findings across the portfolio by severity and state, the worst projects, 90 days of trend',
      responses: { 200: json(summary, 'The portfolio summary.'), ...guardedErrors },
    }),
    async (c) => {
      const store = c.get('store');
      const actor = requireActor(c.get('actor'));
      const answer = await cachedSummary(store, actor, 'vulnerabilities', ['advisories:read'], () =>
        vulnerabilitySummary(store, actor),
      );
      return c.json(answer, 200);
    },
  );

  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/advisories/{id}',
      tags: ['vulnerabilities'],
      summary: 'An advisory (by its id or an alias) and every project finding it',
      request: { params: idParam },
      responses: { 200: json(advisory, 'The advisory.'), ...guardedErrors, ...notFound },
    }),
    async (c) =>
      c.json(
        await advisoryDetail(c.get('store'), requireActor(c.get('actor')), c.req.valid('param').id),
        200,
      ),
  );

  app.openapi(
    defineRoute('findings:triage', {
      method: 'put',
      path: '/api/v1/projects/{id}/findings/triage',
      tags: ['vulnerabilities'],
      summary: 'Record a triage decision about a finding (kept with its history; carried to later scans)',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: triageBody } } },
      },
      responses: {
        200: json(
          triage.extend({ projectId: z.string(), purl: z.string(), advisory: z.string() }),
          'The decision.',
        ),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const saved = await triageFinding(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(saved, 200);
    },
  );

  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/projects/{id}/findings/history',
      tags: ['vulnerabilities'],
      summary: 'The triage history of one finding, newest first',
      request: {
        params: idParam,
        query: z.object({ purl: z.string().min(1).max(2000), advisory: z.string().min(1).max(200) }),
      },
      responses: {
        200: json(z.object({ items: z.array(historyEntry) }), 'History entries.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const history = await triageHistory(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        q.purl,
        q.advisory,
      );
      return c.json(history, 200);
    },
  );

  app.openapi(
    defineRoute('advisories:read', {
      method: 'get',
      path: '/api/v1/projects/{id}/vex',
      tags: ['vulnerabilities'],
      summary: "The project's findings and decisions as OpenVEX 0.2.0 or CycloneDX 1.6 VEX",
      request: { params: idParam, query: z.object({ format: z.enum(vexExportFormats).default('openvex') }) },
      responses: {
        200: {
          description: 'The VEX document.',
          content: { 'application/json': { schema: z.looseObject({}) } },
        },
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const text = await exportVex(c.get('store'), requireActor(c.get('actor')), id, format, {
        toolVersion: options.version,
        timestamp: new Date().toISOString(),
      });
      const file = `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${format === 'openvex' ? 'openvex' : 'cdx.vex'}.json`;
      return c.json(JSON.parse(text) as Record<string, never>, 200, {
        'content-disposition': `attachment; filename="${file}"`,
      });
    },
  );

  app.openapi(
    defineRoute('findings:triage', {
      method: 'post',
      path: '/api/v1/projects/{id}/vex',
      tags: ['vulnerabilities'],
      summary: 'Apply a VEX document (OpenVEX, CycloneDX VEX or CSAF 2.0 VEX) to the project\u2019s findings',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: z.looseObject({}) } } },
      },
      responses: { 200: json(vexReport, 'What the document changed.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const report = await importVex(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        JSON.stringify(c.req.valid('json')),
      );
      return c.json(report, 200);
    },
  );

  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/where',
      tags: ['vulnerabilities'],
      summary: 'Which projects ship a package, at which versions, with which findings (blast radius)',
      request: {
        query: z.object({
          package: z.string().min(1).max(2000).meta({ description: 'A purl (version optional) or a name.' }),
          ecosystem: z.string().max(40).optional(),
          range: z.string().max(500).optional().meta({ description: 'e.g. `>=4.0.0 <4.17.21`' }),
        }),
      },
      responses: { 200: json(whereReport, 'Where the package is used.'), ...guardedErrors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const report = await whereUsed(c.get('store'), requireActor(c.get('actor')), {
        package: q.package,
        ecosystem: q.ecosystem,
        versionRange: q.range,
      });
      return c.json(report, 200);
    },
  );
}
