/**
 * One error taxonomy for the whole product. Codes are stable API: tests, the CLI and the HTTP layer
 * depend on them, never on messages. Each class maps to one HTTP status and one CLI exit code, in
 * exactly one place each (server/problem.ts and cli/exit.ts read `status` and `exitCode` from here).
 */

export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface OspoErrorOptions {
  hint?: string;
  cause?: unknown;
  details?: ErrorDetails;
}

export class OspoError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: ErrorDetails | undefined;
  /** HTTP status when this error reaches a client. */
  readonly status: number = 500;
  /** CLI exit code: 2 for bad input or usage, 3 for internal trouble. */
  readonly exitCode: 2 | 3 = 3;

  constructor(code: string, message: string, options: OspoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** The caller gave something unusable: a bad flag, a bad body, a bad configuration value. */
export class InputError extends OspoError {
  override readonly status: number = 400;
  override readonly exitCode = 2;
}

/** A file or record that matched a format but could not be read as it. */
export class ParseError extends InputError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(
    code: string,
    message: string,
    options: OspoErrorOptions & { line?: number; column?: number } = {},
  ) {
    super(code, message, options);
    this.line = options.line;
    this.column = options.column;
  }
}

export class NotFoundError extends OspoError {
  override readonly status: number = 404;
  override readonly exitCode = 2;
}

export class ConflictError extends OspoError {
  override readonly status: number = 409;
  override readonly exitCode = 2;
}

/** Who is asking is unknown: no or bad credentials. */
export class AuthError extends OspoError {
  override readonly status: number = 401;
  override readonly exitCode = 2;
}

/** Who is asking is known and may not do this. */
export class ForbiddenError extends OspoError {
  override readonly status: number = 403;
  override readonly exitCode = 2;
}

/** Too many attempts in a window (login throttling and the like). */
export class RateLimitError extends OspoError {
  override readonly status: number = 429;
  override readonly exitCode = 2;
}

/** Something outside us (a database server, a registry, a locked data directory) cannot be used now. */
export class SourceUnavailableError extends OspoError {
  override readonly status: number = 503;
  override readonly exitCode = 2;
}

export function isOspoError(value: unknown): value is OspoError {
  return value instanceof OspoError;
}

/** Wrap anything thrown into an OspoError, keeping the original as the cause. */
export function toOspoError(value: unknown): OspoError {
  if (value instanceof OspoError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new OspoError('ERR_OSPO_INTERNAL', `internal error: ${message}`, {
    cause: value,
    hint: 'This is a bug in ospokit; please report it with the command you ran.',
  });
}
