import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';

/**
 * An osv.dev bucket on 127.0.0.1 (a random port) for the module, service and CLI tests: it serves
 * `/<ecosystem>/all.zip` as each test sets it up, answers conditional requests from the ETag or
 * Last-Modified it was given, and misbehaves on request (cut connections, lying lengths, silence).
 */

export const fixtures = path.join(import.meta.dirname, '__fixtures__');

/** A dump like osv.dev's: `<id>.json` for each record of `__fixtures__/<ecosystem>/`, then `extra`. */
export function fixtureDump(ecosystem: string, extra: readonly { id: string }[] = []): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const dir = path.join(fixtures, ecosystem);
  for (const name of fs.readdirSync(dir).sort()) files[name] = fs.readFileSync(path.join(dir, name));
  for (const record of extra) files[`${record.id}.json`] = strToU8(JSON.stringify(record));
  return zipSync(files);
}

export interface DumpRoute {
  status?: number;
  body?: Uint8Array | string;
  etag?: string;
  lastModified?: string;
  /** Announce the whole body, send this many bytes of it, then reset the connection. */
  cutAfter?: number;
  /** Announce this content-length instead of the body's (and send what there is, then wait). */
  contentLength?: number;
  /** Send no content-length (chunked transfer). */
  chunked?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface MirrorRequestLog {
  ecosystem: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  status: number;
  /** Body bytes sent. */
  sent: number;
}

export interface FakeMirror {
  /** `http://127.0.0.1:<port>`: the base URL to sync from. */
  readonly origin: string;
  route(ecosystem: string, route: DumpRoute): void;
  readonly requests: MirrorRequestLog[];
  close(): Promise<void>;
}

export async function startFakeMirror(): Promise<FakeMirror> {
  const routes = new Map<string, DumpRoute>();
  const requests: MirrorRequestLog[] = [];
  const server = http.createServer((req, res) => {
    const match = /^\/([^/]+)\/all\.zip$/.exec(req.url ?? '');
    const ecosystem = match?.[1] ? decodeURIComponent(match[1]) : (req.url ?? '');
    const route = routes.get(ecosystem) ?? { status: 404, body: 'NoSuchKey' };
    const log: MirrorRequestLog = {
      ecosystem,
      ifNoneMatch: header(req, 'if-none-match'),
      ifModifiedSince: header(req, 'if-modified-since'),
      status: route.status ?? 200,
      sent: 0,
    };
    requests.push(log);
    if (route.hang) return;
    const validators = {
      ...(route.etag ? { etag: route.etag } : {}),
      ...(route.lastModified ? { 'last-modified': route.lastModified } : {}),
    };
    if (log.status === 200 && notModified(route, log)) {
      log.status = 304;
      res.writeHead(304, validators).end();
      return;
    }
    const body = typeof route.body === 'string' ? strToU8(route.body) : (route.body ?? new Uint8Array());
    const length = route.chunked ? {} : { 'content-length': String(route.contentLength ?? body.length) };
    res.writeHead(log.status, { 'content-type': 'application/zip', ...validators, ...length });
    if (route.cutAfter !== undefined) {
      log.sent = Math.min(route.cutAfter, body.length);
      res.write(body.subarray(0, route.cutAfter), () => res.socket?.destroy());
    } else if (route.contentLength !== undefined) {
      log.sent = body.length;
      res.write(body);
    } else {
      log.sent = body.length;
      // in pieces, so progress has several steps to report
      const step = Math.max(1, Math.ceil(body.length / 4));
      for (let at = 0; at < body.length; at += step) res.write(body.subarray(at, at + step));
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    route: (ecosystem, route) => {
      routes.set(ecosystem, route);
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// If-None-Match wins over If-Modified-Since when both are sent (RFC 9110, 13.2.2)
function notModified(route: DumpRoute, log: MirrorRequestLog): boolean {
  if (log.ifNoneMatch !== null) return route.etag !== undefined && log.ifNoneMatch === route.etag;
  return log.ifModifiedSince !== null && log.ifModifiedSince === route.lastModified;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}
