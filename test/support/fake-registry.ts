import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A package registry on 127.0.0.1 (a random port) that serves recorded responses by path, so online
 * lookups are tested without the internet. `{{base}}` in a fixture becomes the server's own origin
 * (registries that link to further documents, like NuGet's catalog, keep pointing here).
 */

export interface FakeResponse {
  status?: number;
  /** A file of the fixture folder; or give `body`. */
  fixture?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Never answer (until the server closes): a registry that times out. */
  hang?: boolean;
}

export interface FakeRegistry {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Responses for a path, served in turn; the last one repeats. */
  route(pathname: string, ...responses: FakeResponse[]): void;
  /** Every request's path (with query), in arrival order. */
  readonly requests: string[];
  /** Requests for paths without a route (answered 404); a test expects none. */
  readonly unrouted: string[];
  readonly maxInFlight: number;
  /**
   * Hold answers back until `release(held, answered)` says so, then answer all held ones: lets a test
   * make requests overlap without timers. null answers at once.
   */
  gate: ((held: number, answered: number) => boolean) | null;
  close(): Promise<void>;
}

export async function startFakeRegistry(fixtureDir: string): Promise<FakeRegistry> {
  const routes = new Map<string, FakeResponse[]>();
  const requests: string[] = [];
  const unrouted: string[] = [];
  const held: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  let origin = '';

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const queue = routes.get(url.split('?')[0] ?? '/');
    const response: FakeResponse = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? {
      status: 404,
      body: 'no route',
    };
    if (!queue) unrouted.push(url);
    if (response.hang) return;
    const answer = () => {
      const text =
        response.fixture === undefined
          ? (response.body ?? '')
          : fs.readFileSync(path.join(fixtureDir, response.fixture), 'utf8').replaceAll('{{base}}', origin);
      // counted out before the answer leaves: the client cannot start its next request earlier
      inFlight--;
      answered++;
      res.writeHead(response.status ?? 200, {
        'content-type': response.contentType ?? contentTypeOf(response.fixture),
        ...response.headers,
      });
      res.end(text);
    };
    if (!fake.gate) return answer();
    held.push(answer);
    if (fake.gate(held.length, answered)) for (const release of held.splice(0)) release();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeRegistry = {
    origin,
    route: (pathname, ...responses) => {
      routes.set(pathname, responses);
    },
    requests,
    unrouted,
    get maxInFlight() {
      return maxInFlight;
    },
    gate: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function contentTypeOf(fixture: string | undefined): string {
  if (fixture?.endsWith('.json')) return 'application/json';
  if (fixture?.endsWith('.pom') || fixture?.endsWith('.xml')) return 'application/xml';
  if (fixture?.endsWith('.html')) return 'text/html';
  return 'text/plain';
}
