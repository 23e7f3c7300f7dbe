import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { InputError } from '../core/errors.js';
import type { OpenStore } from '../store/index.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Stop taking connections, let requests in flight finish (up to graceMs), then close the store. */
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
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const app = createApp({
    store: options.store,
    version: options.version,
    storeKind: options.store.database.kind,
    webRoot: options.webRoot,
    scanRoots: options.scanRoots ?? [],
    ...(options.log ? { log: options.log } : {}),
  });
  const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(listenError(error, options.host, options.port)),
    );
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
