import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { z } from 'zod';
import type { OidcConfig } from '../core/config.js';
import { InputError, NotFoundError } from '../core/errors.js';
import type { JobQueue } from '../jobs/queue.js';
import { createOidcService } from '../services/oidc.js';
import type { Store } from '../services/ports.js';
import type { AppEnv } from './context.js';
import { problemResponse } from './problem.js';
import { advisorySyncRoutes } from './routes/advisory-sync.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { dependencyRoutes } from './routes/dependencies.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { licenseRoutes } from './routes/licenses.js';
import { oidcRoutes } from './routes/oidc.js';
import { packageRoutes } from './routes/packages.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { projectRoutes } from './routes/projects.js';
import { scanRoutes } from './routes/scans.js';
import { teamRoutes } from './routes/teams.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { vulnerabilityRoutes } from './routes/vulnerabilities.js';
import { sessionMiddleware } from './session-middleware.js';
import { serveWeb } from './static.js';

export interface AppOptions {
  store: Store;
  version: string;
  storeKind: 'pglite' | 'postgres';
  /** Folder of the built web app (index.html, assets/); null serves a page saying how to build it. */
  webRoot: string | null;
  log?: (line: string) => void;
  /** Largest accepted request body, in bytes (1 MiB). */
  maxBodyBytes?: number;
  /** Largest accepted SBOM upload, in bytes (64 MiB). */
  maxUploadBytes?: number;
  /** Folders that server-side scans may read (OSPO_SCAN_ROOTS); none by default. */
  scanRoots?: readonly string[];
  /** Hosts that git scans may clone from (OSPO_SCAN_GIT_HOSTS); none by default. */
  scanGitHosts?: readonly string[];
  /** The job queue that scans and advisory syncs run on; without it those requests answer 503. */
  jobs?: JobQueue | null;
  /** Single sign-on through an OpenID Connect provider (OSPO_OIDC_*); off when null or absent. */
  oidc?: OidcConfig | null;
}

export function createApp(options: AppOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });

  app.onError((error, c) => problemResponse(c, error, options.log));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
    }),
  );
  app.use('/api/*', async (c, next) => {
    c.set('store', options.store);
    await next();
    c.header('cache-control', 'no-store');
  });
  // SBOM and VEX uploads may be large; everything else is small
  const uploadLimit = bodyLimit({ maxSize: options.maxUploadBytes ?? 64 * 1024 * 1024 });
  const smallLimit = bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024 });
  app.use('/api/*', (c, next) =>
    /\/(scans|vex)$/.test(c.req.path) ? uploadLimit(c, next) : smallLimit(c, next),
  );
  app.use('/api/*', sessionMiddleware());

  healthRoutes(app, { version: options.version, storeKind: options.storeKind });
  authRoutes(app);
  oidcRoutes(app, { oidc: options.oidc ? createOidcService(options.oidc) : null, log: options.log });
  projectRoutes(app);
  teamRoutes(app);
  userRoutes(app);
  scanRoutes(app, {
    scanRoots: options.scanRoots ?? [],
    gitHosts: options.scanGitHosts ?? [],
    version: options.version,
    jobs: options.jobs ?? null,
  });
  dependencyRoutes(app);
  jobRoutes(app, { jobs: options.jobs ?? null });
  advisorySyncRoutes(app, { jobs: options.jobs ?? null });
  licenseRoutes(app);
  vulnerabilityRoutes(app, { version: options.version });
  portfolioRoutes(app);
  packageRoutes(app);
  tokenRoutes(app);
  auditRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ospo_session',
    description: 'From POST /api/v1/auth/login. Changes also need the X-CSRF-Token header.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`ospo_…`, from POST /api/v1/tokens); no CSRF header needed.',
  });
  const apiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'ospokit API',
      version: options.version,
      description: 'The REST API of ospokit. Errors are RFC 9457 problem+json with a stable `code`.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
  };
  app.doc31('/api/openapi.json', apiDocument);
  docsRoutes(app, () => app.getOpenAPI31Document(apiDocument));

  app.all('/api/*', (c) => {
    throw new NotFoundError('ERR_OSPO_ROUTE_NOT_FOUND', `no API route ${c.req.method} ${c.req.path}`, {
      hint: 'See /api/openapi.json for the routes this server has.',
    });
  });
  app.get('*', (c) => serveWeb(c, options.webRoot));
  return app;
}

type HookResult = { success: true } | { success: false; error: z.ZodError };

function rejectInvalid(result: HookResult): void {
  if (result.success) return;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  throw new InputError(
    'ERR_OSPO_VALIDATION',
    `invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    { details: { problems }, hint: 'Fix the fields named in errors[] and send again.' },
  );
}
