import { z } from 'zod';
import { ecosystems } from '../../core/inventory.js';
import { packageReport } from '../../services/packages.js';
import { ratings } from '../../services/vulnerabilities/severity.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, json } from './common.js';
import { whereRow } from './vulnerabilities.js';

const usageRow = whereRow.extend({
  verdict: z
    .object({
      verdict: z.enum(['allow', 'review', 'deny']),
      expression: z.string(),
      waived: z.string().nullable(),
      context: z.string(),
    })
    .nullable()
    .meta({ description: "The project's license verdict on the package; null without policy:read." }),
});

const packageSchema = z
  .object({
    query: z.object({
      ecosystem: z.string().nullable(),
      name: z.string(),
      version: z.string().nullable(),
      versionRange: z.string().nullable(),
    }),
    projects: z.number().int(),
    versions: z.array(
      z.object({ purl: z.string(), version: z.string().nullable(), projects: z.number().int() }),
    ),
    usage: z.array(usageRow),
    licenses: z.array(
      z.object({
        expression: z.string().meta({ description: 'Empty when the scans found no declared license.' }),
        projects: z.number().int(),
        versions: z.array(z.string().nullable()),
      }),
    ),
    advisories: z.array(
      z.object({
        id: z.string(),
        aliases: z.array(z.string()),
        summary: z.string().nullable(),
        severity: z.enum(ratings),
        score: z.number().nullable(),
        fixed: z.array(z.string()),
        versions: z.array(z.string()),
        projects: z.number().int(),
        open: z.number().int(),
      }),
    ),
    policyVersion: z.number().int().nullable(),
  })
  .meta({ id: 'Package' });

export function packageRoutes(app: App): void {
  app.openapi(
    defineRoute('scans:read', {
      method: 'get',
      path: '/api/v1/packages/{package}',
      tags: ['inventory'],
      summary:
        'One package across the portfolio: the projects and versions using it, its licenses, its advisories',
      request: {
        params: z.object({
          package: z.string().min(1).max(2000).meta({
            description:
              'A purl (version optional, the whole purl URL-encoded: pkg%3Anpm%2Flodash) or a bare name.',
          }),
        }),
        query: z.object({
          ecosystem: z
            .enum(ecosystems)
            .optional()
            .meta({ description: 'For a bare name: only this ecosystem.' }),
        }),
      },
      responses: { 200: json(packageSchema, 'The package across the portfolio.'), ...guardedErrors },
    }),
    async (c) => {
      const report = await packageReport(c.get('store'), requireActor(c.get('actor')), {
        package: c.req.valid('param').package,
        ecosystem: c.req.valid('query').ecosystem,
      });
      return c.json(report, 200);
    },
  );
}
