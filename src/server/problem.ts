import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { InputError, isOspoError, type OspoError, toOspoError } from '../core/errors.js';

/** RFC 9457 problem details, with our stable `code` and `hint` as extension members. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    hint: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), line: z.number().optional() }))
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one place an error becomes an HTTP answer. Internal errors never show their message or stack. */
export function problemResponse(c: Context, thrown: unknown, log?: (line: string) => void): Response {
  const error = fromHttpException(thrown) ?? toOspoError(thrown);
  const internal = error.status >= 500 && error.code === 'ERR_OSPO_INTERNAL';
  if (internal) log?.(`internal error on ${c.req.method} ${c.req.path}: ${describe(thrown)}`);
  const body: Problem = {
    type: `https://ospokit.dev/problems/${error.code
      .toLowerCase()
      .replace(/^err_ospo_/, '')
      .replaceAll('_', '-')}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: internal ? 'Something went wrong on the server; it has been logged.' : error.message,
    code: error.code,
    instance: c.req.path,
  };
  if (error.hint && !internal) body.hint = error.hint;
  const problems = error.details?.problems;
  if (Array.isArray(problems)) body.errors = problems as Problem['errors'];
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  const retryAfter = error.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return c.body(JSON.stringify(body), error.status as ContentfulStatusCode, headers);
}

/** Hono's own 4xx (malformed JSON, body too large, wrong content type) as coded input errors. */
function fromHttpException(thrown: unknown): OspoError | null {
  if (!(thrown instanceof HTTPException) || isOspoError(thrown)) return null;
  const status = thrown.status;
  const code =
    status === 413
      ? 'ERR_OSPO_BODY_TOO_LARGE'
      : status === 415
        ? 'ERR_OSPO_MEDIA_TYPE'
        : 'ERR_OSPO_BAD_REQUEST';
  const hint =
    status === 413
      ? 'Send a smaller request body.'
      : 'Send a JSON body with Content-Type: application/json that matches the OpenAPI description at /api/openapi.json.';
  return new HttpInputError(status, code, thrown.message || titles[status] || 'bad request', hint);
}

class HttpInputError extends InputError {
  override readonly status: number;
  constructor(status: number, code: string, message: string, hint: string) {
    super(code, message, { hint });
    this.status = status;
  }
}

function describe(thrown: unknown): string {
  const text = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
  return redactSecrets(text);
}

/** Passwords in URLs (a database URL in a driver's message) and bearer tokens stay out of the log. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@/?#\s]+@/gi, '$1***@')
    .replace(/\b(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***');
}
