import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { DEFAULT_DATA_DIR, type OidcConfig } from '../core/config.js';
import { InputError } from '../core/errors.js';
import type { AdvisorySyncConfig } from '../jobs/handlers/advisories-sync.js';
import { startJobs } from '../jobs/worker.js';
import type { OpenStore } from '../store/index.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stop taking connections, let requests in flight finish (up to graceMs), let jobs running here
   * finish (up to graceMs more), then close the store.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ServeOptions {
  store: OpenStore;
  host: string;
  port: number;
  version: string;
  webRoot: string | null;
  log?: (line: string) => void;
  scanRoots?: readonly string[];
  /** OSPO_SCAN_GIT_HOSTS: where git scans may clone from; none by default. */
  scanGitHosts?: readonly string[];
  oidc?: OidcConfig | null;
  /**
   * Run queued jobs in this process, so many of each kind at once (default: one); false only queues
   * them, for `ospo worker` processes elsewhere (PostgreSQL).
   */
  workers?: false | { concurrency: number };
  /** Where advisory syncs run here keep their downloads (default `<data dir>/osv-mirror`), and from where. */
  advisories?: AdvisorySyncConfig;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const jobs = await startJobs(options.store, {
    workers: options.workers ?? { concurrency: 1 },
    handlers: {
      version: options.version,
      scanRoots: options.scanRoots ?? [],
      git: { hosts: options.scanGitHosts ?? [] },
      advisories: options.advisories ?? { cacheDir: defaultMirrorCache(options.store) },
    },
    ...(options.log ? { log: options.log } : {}),
  });
  const app = createApp({
    jobs,
    store: options.store,
    version: options.version,
    storeKind: options.store.database.kind,
    webRoot: options.webRoot,
    scanRoots: options.scanRoots ?? [],
    scanGitHosts: options.scanGitHosts ?? [],
    oidc: options.oidc ?? null,
    ...(options.log ? { log: options.log } : {}),
  });
  const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(listenError(error, options.host, options.port)),
    );
  }).catch(async (error: unknown) => {
    await jobs.stop({ graceMs: 0 });
    throw error;
  });
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // keep-alive connections would otherwise linger for their timeout once their request is done
        const sweep = setInterval(() => {
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        }, 50);
        const timer = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, graceMs);
        await drained;
        clearInterval(sweep);
        clearTimeout(timer);
        await jobs.stop({ graceMs });
        await options.store.close();
      })();
      return closing;
    },
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new InputError('ERR_OSPO_PORT_IN_USE', `${host}:${port} is in use by another program`, {
      hint: 'Stop it, or pick another port with --port (0 picks a free one).',
    });
  }
  if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
    return new InputError('ERR_OSPO_LISTEN', `cannot listen on ${host}:${port} (${error.code})`, {
      hint: 'Use a port above 1023 and an address of this machine.',
    });
  }
  return error;
}

/** Beside the embedded store's data; under ./.ospo on PostgreSQL, as `ospo advisories sync` has it. */
function defaultMirrorCache(store: OpenStore): string {
  const base = store.database.kind === 'pglite' ? store.database.location : path.resolve(DEFAULT_DATA_DIR);
  return path.join(base, 'osv-mirror');
}
