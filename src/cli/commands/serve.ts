import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { DEFAULT_HOST, parsePort, portFromEnv, storeConfigFromEnv } from '../../core/config.js';
import type { CliIO } from '../io.js';
import { packageVersion } from '../version.js';

export function serveCommand(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the API server and the web dashboard (migrates the store first)')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one (env: OSPO_PORT)'))
    .addOption(new Option('-H, --host <host>', 'address to listen on').default(DEFAULT_HOST))
    .option('-q, --quiet', 'do not log requests')
    .addHelpText(
      'after',
      '\nThe store is ./.ospo (OSPO_DATA_DIR) on embedded PGlite, or PostgreSQL when DATABASE_URL is set.\n' +
        'Stops gracefully on SIGINT or SIGTERM: requests in flight finish, the store is closed.',
    )
    .action(async (opts: { port?: string; host: string; quiet?: boolean }) => {
      const port = opts.port === undefined ? portFromEnv(io.env) : parsePort(opts.port, '--port');
      const config = storeConfigFromEnv(io.env, io.cwd);
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
        scanRoots: (io.env.OSPO_SCAN_ROOTS ?? '').split(':').filter(Boolean),
        ...(opts.quiet ? {} : { log }),
      }).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      io.stderr(`ospokit ${packageVersion()} serving ${server.url} (store: ${store.database.location})\n`);
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
