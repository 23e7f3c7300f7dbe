import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import {
  DEFAULT_HOST,
  oidcConfigFromEnv,
  parsePort,
  portFromEnv,
  storeConfigFromEnv,
} from '../../core/config.js';
import { InputError } from '../../core/errors.js';
import { packageVersion } from '../../core/version.js';
import type { CliIO } from '../io.js';
import { jobSettings } from './worker.js';

export function serveCommand(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the API server and the web dashboard (migrates the store first)')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one (env: OSPO_PORT)'))
    .addOption(new Option('-H, --host <host>', 'address to listen on').default(DEFAULT_HOST))
    .option('-q, --quiet', 'do not log requests')
    .option('--no-worker', 'only queue jobs; `ospo worker` processes run them (PostgreSQL only)')
    .addHelpText(
      'after',
      '\nThe store is ./.ospo (OSPO_DATA_DIR) on embedded PGlite, or PostgreSQL when DATABASE_URL is set.\n' +
        'Stops gracefully on SIGINT or SIGTERM: requests in flight finish, jobs running here finish\n' +
        '(10 s at most), the store is closed.\n' +
        'Scans and advisory syncs asked for over the API run as jobs, in this process unless --no-worker\n' +
        '(then `ospo worker` processes on PostgreSQL run them; see docs/guide/running.md).\n' +
        'Single sign-on: set OSPO_OIDC_ISSUER and OSPO_OIDC_CLIENT_ID (see docs/guide/oidc.md).',
    )
    .action(async (opts: { port?: string; host: string; quiet?: boolean; worker: boolean }) => {
      const port = opts.port === undefined ? portFromEnv(io.env) : parsePort(opts.port, '--port');
      const config = storeConfigFromEnv(io.env, io.cwd);
      if (!opts.worker && config.kind === 'pglite') {
        throw new InputError('ERR_OSPO_USAGE', '--no-worker needs a PostgreSQL store', {
          hint: 'On the embedded store no other process can run the jobs: leave --no-worker out, or set DATABASE_URL.',
        });
      }
      const jobs = jobSettings(io.env, io.cwd, packageVersion());
      const oidc = oidcConfigFromEnv(io.env);
      // load the server's modules while the store opens (PGlite compiles its WebAssembly meanwhile)
      const serverModule = import('../../server/serve.js');
      const store = await import('../../store/index.js').then(({ openStore }) => openStore(config));
      const { startServer } = await serverModule;
      const log = (line: string) => io.stderr(`${line}\n`);
      const server = await startServer({
        store,
        host: opts.host,
        port,
        version: packageVersion(),
        webRoot: webRoot(),
        scanRoots: jobs.scanRoots,
        scanGitHosts: jobs.git.hosts,
        workers: opts.worker ? { concurrency: 1 } : false,
        advisories: jobs.advisories,
        oidc,
        ...(opts.quiet ? {} : { log }),
      }).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      io.stderr(`ospokit ${packageVersion()} serving ${server.url} (store: ${store.database.location})\n`);
      if (oidc) io.stderr(`single sign-on: ${oidc.issuer} (client ${oidc.clientId})\n`);
      if (!opts.worker) io.stderr('jobs: queued only; `ospo worker` processes run them\n');
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            io.stderr(`${signal} again: exiting now\n`);
            process.exit(130);
          }
          stopping = true;
          io.stderr(`${signal}: finishing requests in flight, then closing the store\n`);
          server.close().then(resolve, (error: unknown) => {
            io.stderr(`error while stopping: ${String(error)}\n`);
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.stderr('stopped\n');
    });
}

/** dist/web beside dist/cli; null when the web app has not been built. */
function webRoot(): string | null {
  const dir = fileURLToPath(new URL('../../web/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : null;
}
