import { isOspoError, SourceUnavailableError } from '../core/errors.js';
import {
  REGISTRY_UNAVAILABLE,
  type RegistryHttp,
  responseError,
} from '../modules/licenses/registry/index.js';

/**
 * The HTTP side of online registry lookups, kept out of the plug-ins (which are handed a client and
 * never reach for a global fetch): Node's fetch with a timeout per request, 404/410 as null, every other
 * trouble as a coded error carrying its URL, and one retry for the kinds of trouble that pass.
 */

export interface RegistryHttpOptions {
  timeoutMs?: number;
  /** crates.io and others ask clients to say who they are. */
  userAgent?: string;
  /** Larger bodies are refused with ERR_OSPO_REGISTRY_RESPONSE. Default 32 MiB. */
  maxBytes?: number;
  fetch?: typeof globalThis.fetch;
}

const USER_AGENT = 'ospokit (license metadata lookup; https://www.npmjs.com/package/ospokit)';

/** The default client: Node's fetch, one timeout per request (body included), 404 and 410 as null. */
export function createRegistryHttp(options: RegistryHttpOptions = {}): RegistryHttp {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const doFetch = options.fetch ?? globalThis.fetch;
  const get = async (url: string, accept: string): Promise<string | null> => {
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: { accept, 'user-agent': options.userAgent ?? USER_AGENT },
        signal,
      });
    } catch (e) {
      throw unavailable(url, failure(e, timeoutMs), true, e);
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      throw unavailable(url, `HTTP ${res.status}`, retryable, undefined, retryAfterMs(res));
    }
    try {
      return await readBody(res, maxBytes, url);
    } catch (e) {
      if (isOspoError(e)) throw e;
      throw unavailable(url, failure(e, timeoutMs), true, e);
    }
  };
  return {
    fetchJson: async (url) => {
      const text = await get(url, 'application/json');
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw responseError(url, 'not JSON', e);
      }
    },
    fetchText: (url) => get(url, 'application/xml, text/xml;q=0.9, */*;q=0.8'),
  };
}

function unavailable(
  url: string,
  reason: string,
  retryable: boolean,
  cause?: unknown,
  retryAfter?: number,
): SourceUnavailableError {
  return new SourceUnavailableError(REGISTRY_UNAVAILABLE, `${url}: registry unavailable (${reason})`, {
    details: { url, retryable, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) },
    hint: 'Check the network or proxy, or run without --online; answers already cached are still used.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function failure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return `${error instanceof Error ? error.message : String(error)}${code}`;
}

function retryAfterMs(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

async function readBody(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw responseError(url, `${declared} bytes, more than ${maxBytes}`);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw responseError(url, `more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Try once more after a pause when the error says it may pass (network, timeout, 429, 5xx). */
export function withRetry(http: RegistryHttp, delayMs: number, asking: (url: string) => void): RegistryHttp {
  const attempt = async <T>(url: string, call: () => Promise<T>): Promise<T> => {
    asking(url);
    try {
      return await call();
    } catch (e) {
      if (!isOspoError(e) || e.code !== REGISTRY_UNAVAILABLE || e.details?.retryable !== true) throw e;
      const hinted =
        typeof e.details.retryAfterMs === 'number' ? Math.min(e.details.retryAfterMs, 10_000) : 0;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delayMs, hinted)));
      return call();
    }
  };
  return {
    fetchJson: (url) => attempt(url, () => http.fetchJson(url)),
    fetchText: (url) => attempt(url, () => http.fetchText(url)),
  };
}
