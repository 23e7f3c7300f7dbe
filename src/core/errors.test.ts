import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  OspoError,
  ParseError,
  RateLimitError,
  SourceUnavailableError,
  toOspoError,
} from './errors.js';

describe('error taxonomy', () => {
  it.each([
    [new InputError('E', 'm'), 400, 2],
    [new ParseError('E', 'm', { line: 3 }), 400, 2],
    [new AuthError('E', 'm'), 401, 2],
    [new ForbiddenError('E', 'm'), 403, 2],
    [new NotFoundError('E', 'm'), 404, 2],
    [new ConflictError('E', 'm'), 409, 2],
    [new RateLimitError('E', 'm'), 429, 2],
    [new SourceUnavailableError('E', 'm'), 503, 2],
    [new OspoError('E', 'm'), 500, 3],
  ])('%s maps to HTTP %i and exit %i', (error, status, exitCode) => {
    expect(error.status).toBe(status);
    expect(error.exitCode).toBe(exitCode);
    expect(error).toBeInstanceOf(OspoError);
  });

  it('wraps foreign errors as internal, keeping the cause', () => {
    const cause = new TypeError('x is undefined');
    const wrapped = toOspoError(cause);
    expect(wrapped.code).toBe('ERR_OSPO_INTERNAL');
    expect(wrapped.exitCode).toBe(3);
    expect(wrapped.cause).toBe(cause);
    const mine = new InputError('ERR_X', 'm');
    expect(toOspoError(mine)).toBe(mine);
  });
});
