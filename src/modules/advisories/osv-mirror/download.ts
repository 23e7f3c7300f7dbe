import fs from 'node:fs';
import type { MirrorOutcome } from '../../../core/advisories.js';
import { InputError, type OspoError } from '../../../core/errors.js';
import { type CacheMeta, cachePaths, readMeta, tempPathFor, writeMeta } from './cache.js';
import { httpError, notZip, timedOut, toDownloadError, tooLarge, truncated } from './errors.js';

/** osv.dev's bucket: `<this>/<ecosystem>/all.zip`, and the list of ecosystems at `<this>/ecosystems.txt`. */
export const OSV_MIRROR_URL = 'https://osv-vulnerabilities.storage.googleapis.com';
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface MirrorRequest {
  /** Where the dumps are (default osv.dev's bucket). */
  baseUrl?: string;
  ecosystems: readonly string[];
  /** Folder for the zips and what was saved with them; created when missing. */
  cacheDir: string;
  /** Largest dump accepted, bytes (default 2 GiB; osv.dev's largest are a few hundred MiB). */
  maxBytes?: number;
  /** Longest silence, ms: waiting for an answer or between two chunks (default 60 s). */
  timeoutMs?: number;
  /** Download again even when the copy is current (the saved validators are not sent). */
  force?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadProgress {
  ecosystem: string;
  received: number;
  /** From content-length; null when the mirror did not say. */
  total: number | null;
}

/**
 * Bring the cached `all.zip` of each ecosystem up to date, one after the other. A request carries the
 * saved ETag / Last-Modified, so a 304 costs no download. The body goes to a temp file in the same
 * folder, renamed over the old zip only once complete, within the size limit and starting like a zip:
 * an interrupted or refused download leaves the previous copy as it was. Trouble with one ecosystem is
 * its outcome (a coded SourceUnavailableError); only a bad request as a whole throws (InputError).
 */
export async function downloadDumps(request: MirrorRequest): Promise<MirrorOutcome[]> {
  const base = parseBaseUrl(request.baseUrl ?? OSV_MIRROR_URL);
  const ecosystems = [...new Set(request.ecosystems)];
  for (const ecosystem of ecosystems) checkEcosystem(ecosystem);
  const outcomes: MirrorOutcome[] = [];
  for (const ecosystem of ecosystems) outcomes.push(await downloadOne(base, ecosystem, request));
  return outcomes;
}

async function downloadOne(base: URL, ecosystem: string, request: MirrorRequest): Promise<MirrorOutcome> {
  const url = new URL(`${encodeURIComponent(ecosystem)}/all.zip`, base).href;
  const paths = cachePaths(request.cacheDir, ecosystem);
  const previous = readMeta(paths, url);
  const kept = fs.existsSync(paths.zip) ? paths.zip : null;
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const silence = silenceTimer(timeoutMs);
  const fail = (error: OspoError, bytes: number): MirrorOutcome => ({
    ecosystem,
    status: 'failed',
    file: kept,
    bytes,
    error,
  });
  let received = 0;
  let total: number | null = null;
  let answered = false;
  let temp: string | null = null;
  try {
    const response = await fetch(url, {
      headers: requestHeaders(request.force ? null : previous),
      signal: silence.signal,
    });
    answered = true;
    silence.reset();
    if (response.status === 304 && previous) {
      await discard(response);
      return previous.imported
        ? { ecosystem, status: 'unchanged', file: paths.zip, bytes: 0 }
        : { ecosystem, status: 'updated', file: paths.zip, bytes: 0 };
    }
    if (response.status !== 200) {
      await discard(response);
      return fail(httpError(ecosystem, url, response.status, new URL('ecosystems.txt', base).href), 0);
    }
    total = contentLength(response);
    if (total !== null && total > maxBytes) {
      await discard(response);
      return fail(tooLarge(ecosystem, url, total, maxBytes), 0);
    }
    fs.mkdirSync(paths.dir, { recursive: true });
    temp = tempPathFor(paths);
    const head = await streamTo(temp, response, maxBytes, (bytes) => {
      silence.reset();
      received = bytes;
      request.onProgress?.({ ecosystem, received, total });
    });
    received = head.bytes;
    if (received > maxBytes) return fail(tooLarge(ecosystem, url, received, maxBytes), received);
    if (total !== null && received !== total)
      return fail(truncated(ecosystem, url, received, total), received);
    if (!looksLikeZip(head.first)) return fail(notZip(ecosystem, url), received);
    fs.renameSync(temp, paths.zip);
    temp = null;
    // after the rename: a crash in between leaves old validators with a new zip, so the next request is
    // not answered 304 and the new zip is downloaded again; never the other way round
    writeMeta(paths.meta, metaFor(url, response, received));
    return { ecosystem, status: 'updated', file: paths.zip, bytes: received };
  } catch (error) {
    if (silence.fired) return fail(timedOut(ecosystem, url, timeoutMs), received);
    if (answered && !isFsError(error))
      return fail(truncated(ecosystem, url, received, total, error), received);
    return fail(toDownloadError(ecosystem, url, error), received);
  } finally {
    silence.clear();
    if (temp) fs.rmSync(temp, { force: true });
  }
}

/**
 * Write the body to `file`, stopping as soon as it passes `maxBytes` (a mirror may not send a
 * content-length, or send a wrong one). Returns the bytes seen and the first four of them.
 */
async function streamTo(
  file: string,
  response: Response,
  maxBytes: number,
  onChunk: (received: number) => void,
): Promise<{ bytes: number; first: Uint8Array }> {
  const handle = await fs.promises.open(file, 'wx');
  let bytes = 0;
  let first: Uint8Array = new Uint8Array(0);
  try {
    onChunk(0);
    if (!response.body) return { bytes, first };
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) break; // leaving the loop cancels the body and closes the connection
      if (first.length < 4) first = concat(first, chunk.subarray(0, 4 - first.length));
      await handle.write(chunk);
      onChunk(bytes);
    }
    if (bytes <= maxBytes) await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes, first };
}

function requestHeaders(previous: CacheMeta | null): Record<string, string> {
  const headers: Record<string, string> = {
    // identity: content-length must count the bytes we store, for the size limit and the truncation check
    'accept-encoding': 'identity',
    'user-agent': 'ospokit osv-mirror/1',
  };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  return headers;
}

function metaFor(url: string, response: Response, bytes: number): CacheMeta {
  return {
    url,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    bytes,
    downloadedAt: new Date().toISOString(),
    imported: false,
  };
}

function contentLength(response: Response): number | null {
  const raw = response.headers.get('content-length');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** A local file header, or the end record of an empty archive. */
function looksLikeZip(first: Uint8Array): boolean {
  return (
    first.length === 4 &&
    first[0] === 0x50 &&
    first[1] === 0x4b &&
    ((first[2] === 3 && first[3] === 4) || (first[2] === 5 && first[3] === 6))
  );
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

function isFsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Aborts when nothing happened for `ms`: a whole-download deadline would cut off a big dump on a slow line. */
function silenceTimer(ms: number) {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort();
  }, ms);
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    reset: () => void timer.refresh(),
    clear: () => clearTimeout(timer),
  };
}

function parseBaseUrl(raw: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InputError('ERR_OSPO_CONFIG', `the mirror URL must be an http(s) URL, got "${raw}"`, {
      hint: `osv.dev's is ${OSV_MIRROR_URL}; set another with --url or OSPO_OSV_MIRROR_URL.`,
    });
  }
  // a base without a trailing slash would lose its last path segment when ecosystem paths resolve on it
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

// OSV ecosystem names: "npm", "crates.io", "Debian:12", "Red Hat:enterprise_linux:9::baseos", ...
const ECOSYSTEM = /^[A-Za-z0-9][A-Za-z0-9 ._:+-]{0,99}$/;

function checkEcosystem(ecosystem: string): void {
  if (!ECOSYSTEM.test(ecosystem)) {
    throw new InputError('ERR_OSPO_SYNC_ECOSYSTEM', `"${ecosystem}" is not an OSV ecosystem name`, {
      hint: 'Use the names osv.dev uses, for example npm, PyPI, crates.io, Maven, Debian:12.',
    });
  }
}
