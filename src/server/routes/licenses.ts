import { z } from 'zod';
import { distribution } from '../../core/schemas.js';
import { licenseCategories } from '../../core/spdx/categories.js';
import {
  createWaiver,
  currentPolicy,
  listWaivers,
  newWaiver,
  policyHistory,
  revokeWaiver,
  savePolicy,
  waiverSorts,
} from '../../services/compliance/records.js';
import {
  portfolioLicenses,
  projectLicenses,
  warmPortfolioLicenses,
} from '../../services/compliance/verdicts.js';
import { sortParam } from '../../services/cursor.js';
import { setProjectDistribution } from '../../services/projects.js';
import { cachedSummary } from '../../services/summary-cache.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, idParam, json, listQuery, notFound, pageOf } from './common.js';
import { packageFields } from './scans.js';

const policyVersion = z
  .object({
    version: z.number().int().meta({ description: '0 while the built-in policy applies.' }),
    document: z.string().meta({ description: 'The ospo.yml text with its `licenses:` section.' }),
    createdAt: z.string().nullable(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'LicensePolicy' });

const waiver = z
  .object({
    id: z.string(),
    package: z.string(),
    version: z.string(),
    project: z.string(),
    license: z.string().nullable(),
    reason: z.string(),
    approver: z.string(),
    expires: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'Waiver' });

const summary = z.object({
  packages: z.number().int(),
  allow: z.number().int(),
  review: z.number().int(),
  deny: z.number().int(),
  waived: z.number().int(),
});
const categoryCounts = z.partialRecord(z.enum(licenseCategories), z.number().int());
const verdictEnum = z.enum(['allow', 'review', 'deny']);

const checkedPackage = packageFields
  .extend({
    declared: z.array(z.string()),
    detected: z.string().nullable(),
    result: z.looseObject({
      verdict: verdictEnum,
      expression: z.string(),
      elected: z.string().optional(),
      waived: z.string().optional(),
      context: z.string(),
      reasons: z.array(z.looseObject({ license: z.string(), category: z.string(), verdict: verdictEnum })),
    }),
    introducedBy: z.array(z.string()).optional(),
  })
  .meta({ id: 'LicenseVerdict' });

const projectLicensesSchema = z
  .object({
    project: z.object({ id: z.string(), name: z.string() }),
    scanId: z.string().nullable(),
    scannedAt: z.string().nullable(),
    policyVersion: z.number().int(),
    context: z.string(),
    summary,
    categories: categoryCounts,
    items: z.array(checkedPackage),
    next: z.string().nullable(),
  })
  .meta({ id: 'ProjectLicenses' });

const portfolioSchema = z
  .object({
    policyVersion: z.number().int(),
    totals: summary,
    categories: categoryCounts,
    projects: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        scanId: z.string().nullable(),
        context: z.string(),
        summary,
        categories: categoryCounts,
      }),
    ),
  })
  .meta({ id: 'PortfolioLicenses' });

const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export function licenseRoutes(app: App): void {
  app.openapi(
    defineRoute('policy:read', {
      method: 'get',
      path: '/api/v1/policy/licenses',
      tags: ['licenses'],
      summary: 'The license policy in force',
      responses: { 200: json(policyVersion, 'The current policy document.'), ...guardedErrors },
    }),
    async (c) => {
      const { policy: _parsed, ...current } = await currentPolicy(
        c.get('store'),
        requireActor(c.get('actor')),
      );
      return c.json(current, 200);
    },
  );

  app.openapi(
    defineRoute('policy:write', {
      method: 'put',
      path: '/api/v1/policy/licenses',
      tags: ['licenses'],
      summary: 'Replace the license policy (a new version; refused whole when any part does not read)',
      request: body(z.object({ document: z.string().max(1_000_000) })),
      responses: { 200: json(policyVersion, 'The saved version.'), ...guardedErrors },
    }),
    async (c) => {
      const { document } = c.req.valid('json');
      const { policy: _parsed, ...saved } = await savePolicy(
        c.get('store'),
        requireActor(c.get('actor')),
        document,
      );
      void warmPortfolioLicenses(c.get('store'));
      return c.json(saved, 200);
    },
  );

  app.openapi(
    defineRoute('policy:read', {
      method: 'get',
      path: '/api/v1/policy/licenses/history',
      tags: ['licenses'],
      summary: 'Earlier versions of the license policy, newest first',
      responses: {
        200: json(z.object({ items: z.array(policyVersion) }), 'Policy versions.'),
        ...guardedErrors,
      },
    }),
    async (c) => {
      const items = await policyHistory(c.get('store'), requireActor(c.get('actor')));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    defineRoute('policy:read', {
      method: 'get',
      path: '/api/v1/waivers',
      tags: ['licenses'],
      summary: 'License waivers, oldest first or as sorted',
      request: {
        query: listQuery.extend({
          includeRevoked: z
            .enum(['true', 'false'])
            .optional()
            .meta({ description: 'Also list revoked waivers.' }),
          sort: sortParam(
            waiverSorts,
            'Order by when the waiver was granted, or by its expiry date (ties in the order granted); `-` descends.',
          ),
        }),
      },
      responses: { 200: json(pageOf(waiver, 'WaiverPage'), 'A page of waivers.'), ...guardedErrors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listWaivers(c.get('store'), requireActor(c.get('actor')), {
        limit: q.limit,
        after: q.cursor,
        sort: q.sort,
        includeRevoked: q.includeRevoked === 'true',
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    defineRoute('policy:write', {
      method: 'post',
      path: '/api/v1/waivers',
      tags: ['licenses'],
      summary: 'Grant a waiver',
      request: body(newWaiver),
      responses: { 201: json(waiver, 'The new waiver.'), ...guardedErrors },
    }),
    async (c) => {
      const created = await createWaiver(c.get('store'), requireActor(c.get('actor')), c.req.valid('json'));
      void warmPortfolioLicenses(c.get('store'));
      return c.json(created, 201, { location: `/api/v1/waivers/${created.id}` });
    },
  );

  app.openapi(
    defineRoute('policy:write', {
      method: 'delete',
      path: '/api/v1/waivers/{id}',
      tags: ['licenses'],
      summary: 'Revoke a waiver (it stays listed, revoked)',
      request: { params: idParam },
      responses: { 200: json(waiver, 'The revoked waiver.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const revoked = await revokeWaiver(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
      );
      void warmPortfolioLicenses(c.get('store'));
      return c.json(revoked, 200);
    },
  );

  app.openapi(
    defineRoute('policy:read', {
      method: 'get',
      path: '/api/v1/projects/{id}/licenses',
      tags: ['licenses'],
      summary: "License verdicts of a project's latest scan, worst first",
      request: {
        params: idParam,
        query: listQuery.extend({
          verdict: verdictEnum.optional(),
          q: z.string().max(200).optional().meta({ description: 'Part of the package name, any case.' }),
        }),
      },
      responses: { 200: json(projectLicensesSchema, 'Verdicts and counts.'), ...guardedErrors, ...notFound },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await projectLicenses(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        {
          limit: q.limit,
          cursor: q.cursor,
          verdict: q.verdict,
          q: q.q,
        },
      );
      // the verdicts' readonly arrays are plain JSON arrays on the wire
      return c.json(result as unknown as z.infer<typeof projectLicensesSchema>, 200);
    },
  );

  app.openapi(
    defineRoute('projects:write', {
      method: 'put',
      path: '/api/v1/projects/{id}/distribution',
      tags: ['licenses'],
      summary: "Set how a project's code reaches others (null: the policy's default context)",
      request: { params: idParam, ...body(z.object({ distribution: distribution.nullable() })) },
      responses: {
        200: json(z.object({ distribution: distribution.nullable() }), 'Saved.'),
        ...guardedErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const saved = await setProjectDistribution(
        c.get('store'),
        requireActor(c.get('actor')),
        c.req.valid('param').id,
        c.req.valid('json').distribution,
      );
      void warmPortfolioLicenses(c.get('store'));
      return c.json({ distribution: saved.distribution }, 200);
    },
  );

  app.openapi(
    defineRoute('policy:read', {
      method: 'get',
      path: '/api/v1/licenses/summary',
      tags: ['licenses'],
      summary: "Licenses across the portfolio: every project's latest scan judged, worst first",
      responses: { 200: json(portfolioSchema, 'Totals, categories and projects.'), ...guardedErrors },
    }),
    async (c) => {
      const store = c.get('store');
      const actor = requireActor(c.get('actor'));
      const answer = await cachedSummary(store, actor, 'licenses', ['policy:read', 'scans:read'], () =>
        portfolioLicenses(store, actor),
      );
      return c.json(answer, 200);
    },
  );
}
