import { z } from 'zod';
import { auditEntry } from '../../core/schemas.js';
import { auditExportText, auditSorts, exportAudit, listAudit } from '../../services/audit.js';
import { sortParam } from '../../services/cursor.js';
import { type App, defineRoute, requireActor } from '../context.js';
import { guardedErrors, json, listQuery, pageOf } from './common.js';

const when = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .optional()
  .meta({ description: 'An ISO 8601 date-time, or a date: a whole day in UTC.' });

/** The filters of both audit routes. */
const auditFilter = z.object({
  actor: z
    .string()
    .max(320)
    .optional()
    .meta({ description: 'Part of the actor, any case: `ada@example.org` finds `user:ada@example.org`.' }),
  action: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'An action such as `project.create`, or a prefix ending in `*` (`project.*`).' }),
  targetType: z
    .string()
    .max(50)
    .optional()
    .meta({ description: 'Such as `project`, `user`, `license_policy`.' }),
  targetId: z.string().max(200).optional(),
  since: when.meta({
    description: 'Entries at or after this time (a date: from the start of that day, UTC).',
  }),
  until: when.meta({ description: 'Entries before this time (a date: up to the end of that day, UTC).' }),
});

const exportQuery = auditFilter.extend({
  format: z
    .enum(['csv', 'json'])
    .default('csv')
    .meta({ description: 'CSV with a header line, or a JSON array.' }),
});

export function auditRoutes(app: App): void {
  app.openapi(
    defineRoute('audit:read', {
      method: 'get',
      path: '/api/v1/audit',
      tags: ['audit'],
      summary: 'Read the audit log, newest first (or oldest first), filtered, a page at a time',
      request: {
        query: listQuery.extend(auditFilter.shape).extend({
          sort: sortParam(
            auditSorts,
            'Newest first (`-at`) or oldest first (`at`), in the order entries were written.',
          ),
        }),
      },
      responses: { 200: json(pageOf(auditEntry, 'AuditPage'), 'A page of audit entries.'), ...guardedErrors },
    }),
    async (c) =>
      c.json(await listAudit(c.get('store'), requireActor(c.get('actor')), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute('audit:read', {
      method: 'get',
      path: '/api/v1/audit/export',
      tags: ['audit'],
      summary: 'Download every matching audit entry, newest first, as CSV or JSON (the export is audited)',
      request: { query: exportQuery },
      responses: {
        200: {
          description: 'The entries, as a download.',
          content: {
            'text/csv': { schema: z.string() },
            'application/json': { schema: z.array(auditEntry) },
          },
        },
        ...guardedErrors,
      },
    }),
    async (c) => {
      const { format, ...filter } = c.req.valid('query');
      const batches = await exportAudit(c.get('store'), requireActor(c.get('actor')), filter, format);
      const pieces = auditExportText(batches, format);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await pieces.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        async cancel() {
          await pieces.return(undefined);
        },
      });
      const day = new Date().toISOString().slice(0, 10);
      return c.body(body, 200, {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json',
        'content-disposition': `attachment; filename="ospokit-audit-${day}.${format}"`,
      });
    },
  );
}
