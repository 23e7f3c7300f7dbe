import { z } from 'zod';
import { type App, defineRoute } from '../context.js';
import { json } from './common.js';

const health = z
  .object({ status: z.literal('ok'), version: z.string(), store: z.enum(['pglite', 'postgres']) })
  .meta({ id: 'Health' });

export function healthRoutes(app: App, info: { version: string; storeKind: 'pglite' | 'postgres' }): void {
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/health',
      tags: ['system'],
      summary: 'Liveness: the server answers and its store is open',
      responses: { 200: json(health, 'The server is up.') },
    }),
    (c) => c.json({ status: 'ok' as const, version: info.version, store: info.storeKind }, 200),
  );
}
