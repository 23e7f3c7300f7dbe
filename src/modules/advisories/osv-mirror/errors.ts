import { isOspoError, type OspoError, SourceUnavailableError } from '../../../core/errors.js';

/**
 * The coded errors of a download, one per ecosystem. All are SourceUnavailableError: the mirror (or the
 * way to it, or the cache folder) cannot be used now; the previous copy is kept in every case.
 */

const KEPT = 'The previous copy, if any, is kept.';

export function httpError(ecosystem: string, url: string, status: number, listing: string): OspoError {
  const details = { ecosystem, url, status };
  if (status === 404) {
    return new SourceUnavailableError(
      'ERR_OSPO_SYNC_UNKNOWN_ECOSYSTEM',
      `${ecosystem}: the mirror has no such ecosystem (${url} answered 404)`,
      {
        hint: `Ecosystem names are case-sensitive (PyPI, crates.io, RubyGems); the mirror lists its own at ${listing}.`,
        details,
      },
    );
  }
  const hint =
    status === 429 || status >= 500
      ? `The mirror is having trouble; try again later. ${KEPT}`
      : `The mirror refused the request; check --url or OSPO_OSV_MIRROR_URL. ${KEPT}`;
  return new SourceUnavailableError('ERR_OSPO_SYNC_HTTP', `${ecosystem}: ${url} answered HTTP ${status}`, {
    hint,
    details,
  });
}

export function tooLarge(ecosystem: string, url: string, bytes: number, limit: number): OspoError {
  return new SourceUnavailableError(
    'ERR_OSPO_SYNC_TOO_LARGE',
    `${ecosystem}: ${url} is ${bytes} bytes or more, over the limit of ${limit}`,
    {
      hint: `Raise the limit with --max-size if the dump is really this large. ${KEPT}`,
      details: { ecosystem, url },
    },
  );
}

export function notZip(ecosystem: string, url: string): OspoError {
  return new SourceUnavailableError('ERR_OSPO_SYNC_NOT_ZIP', `${ecosystem}: ${url} did not send a zip`, {
    hint: `A proxy or captive portal may have answered instead of the mirror; check --url. ${KEPT}`,
    details: { ecosystem, url },
  });
}

export function truncated(
  ecosystem: string,
  url: string,
  received: number,
  total: number | null,
  cause?: unknown,
): OspoError {
  const of = total === null ? '' : ` of ${total}`;
  return new SourceUnavailableError(
    'ERR_OSPO_SYNC_TRUNCATED',
    `${ecosystem}: the download of ${url} stopped after ${received}${of} bytes${reason(cause)}`,
    { hint: `The connection broke off; try again. ${KEPT}`, cause, details: { ecosystem, url, received } },
  );
}

export function timedOut(ecosystem: string, url: string, ms: number): OspoError {
  return new SourceUnavailableError(
    'ERR_OSPO_SYNC_TIMEOUT',
    `${ecosystem}: nothing came from ${url} for ${ms / 1000} s`,
    {
      hint: `The mirror is slow or unreachable; try again, or raise --timeout. ${KEPT}`,
      details: { ecosystem, url },
    },
  );
}

/** Anything else thrown while downloading: the network (before an answer), or the cache folder. */
export function toDownloadError(ecosystem: string, url: string, error: unknown): OspoError {
  if (isOspoError(error)) return error;
  const fsError = error as NodeJS.ErrnoException;
  if (typeof fsError.syscall === 'string' && typeof fsError.path === 'string') {
    return new SourceUnavailableError(
      'ERR_OSPO_SYNC_CACHE',
      `${ecosystem}: cannot write ${fsError.path}: ${fsError.code ?? fsError.message}`,
      { hint: `Check the cache folder (--cache): free space and permissions. ${KEPT}`, cause: error },
    );
  }
  return new SourceUnavailableError(
    'ERR_OSPO_SYNC_NETWORK',
    `${ecosystem}: cannot reach ${url}${reason(error)}`,
    {
      hint:
        "Check the network connection (Node's fetch does not use HTTPS_PROXY), or point --url or " +
        `OSPO_OSV_MIRROR_URL at a reachable mirror. ${KEPT}`,
      cause: error,
      details: { ecosystem, url },
    },
  );
}

/** undici hides the useful part ("ECONNREFUSED", "other side closed") in `cause`. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return '';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error.message;
  return code && !message.includes(code) ? ` (${message}, ${code})` : ` (${message})`;
}
