import { z } from 'zod';
import { auditEntry } from '../../core/schemas.js';
import { licenseCategories } from '../../core/spdx/categories.js';
import type { Permission } from '../../services/actor.js';
import { portfolioHome } from '../../services/portfolio.js';
import { cachedSummary } from '../../services/summary-cache.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, json } from './common.js';

const counts = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  unknown: z.number().int(),
});
const verdictTotals = z.object({
  packages: z.number().int(),
  allow: z.number().int(),
  review: z.number().int(),
  deny: z.number().int(),
  waived: z.number().int(),
});

const riskRow = z.object({
  id: z.string(),
  name: z.string(),
  scannedAt: z.string().nullable().meta({ description: "The newest scan's time; null: never scanned." }),
  open: counts.meta({ description: 'Open findings of the newest scan by severity.' }),
  licenses: z
    .object({ deny: z.number().int(), review: z.number().int() })
    .nullable()
    .meta({ description: 'Denied and to-review packages; null when the caller may not read verdicts.' }),
});

const portfolio = z
  .object({
    generatedAt: z.string(),
    projects: z.object({ total: z.number().int(), scanned: z.number().int() }),
    risk: z.object({
      atRisk: z
        .number()
        .int()
        .meta({ description: 'Projects with an open finding or a denied or to-review package.' }),
      projects: z.array(riskRow).meta({
        description:
          'The 10 worst: open critical, then high findings, then denied, then to-review packages, then other open findings.',
      }),
    }),
    licenses: z
      .object({
        policyVersion: z.number().int(),
        totals: verdictTotals,
        categories: z.partialRecord(z.enum(licenseCategories), z.number().int()),
      })
      .nullable()
      .meta({ description: 'null without policy:read and scans:read.' }),
    vulnerabilities: z
      .object({
        advisories: z.number().int(),
        projects: z.number().int().meta({ description: 'Projects with a saved scan.' }),
        projectsAffected: z.number().int(),
        open: counts,
        states: z.record(z.string(), z.number().int()),
        trend: z.array(counts.extend({ at: z.string() })).meta({ description: '90 days, oldest first.' }),
      })
      .nullable()
      .meta({ description: 'null without advisories:read.' }),
    freshness: z
      .object({
        staleAfterDays: z.number().int(),
        never: z.object({
          count: z.number().int(),
          projects: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })),
        }),
        stale: z.object({
          count: z.number().int(),
          projects: z.array(z.object({ id: z.string(), name: z.string(), scannedAt: z.string() })),
        }),
      })
      .nullable()
      .meta({
        description:
          'Projects never scanned, and those scanned last over 30 days ago (first 10 of each, oldest first).',
      }),
    activity: z
      .array(auditEntry.extend({ targetName: z.string().nullable() }))
      .optional()
      .meta({ description: 'The 15 newest audit entries; only for callers with audit:read.' }),
  })
  .meta({ id: 'Portfolio' });

export function portfolioRoutes(app: App): void {
  app.openapi(
    defineRoute('projects:read', {
      method: 'get',
      path: '/api/v1/portfolio',
      tags: ['portfolio'],
      summary:
        'The portfolio home in one answer: projects by risk, licenses, vulnerabilities, scan freshness, recent activity',
      responses: { 200: json(portfolio, 'The portfolio.'), ...guardedErrors },
    }),
    async (c) => {
      const store = c.get('store');
      const actor = requireActor(c.get('actor'));
      const reads: Permission[] = [
        'projects:read',
        'scans:read',
        'policy:read',
        'advisories:read',
        'audit:read',
      ];
      const answer = await cachedSummary(store, actor, 'portfolio', reads, () => portfolioHome(store, actor));
      return c.json(answer, 200);
    },
  );
}
