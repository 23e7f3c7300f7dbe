import { describe, expect, it } from 'vitest';
import type { OspoError } from '../core/errors.js';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('refuses after the limit within the window, and forgives after it', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      limiter.check('k');
      limiter.hit('k');
    }
    let error: OspoError | undefined;
    try {
      limiter.check('k');
    } catch (e) {
      error = e as OspoError;
    }
    expect(error?.code).toBe('ERR_OSPO_RATE_LIMITED');
    expect(error?.details?.retryAfterSeconds).toBe(1);
    limiter.check('other');
    now = 1000;
    expect(() => limiter.check('k')).not.toThrow();
  });

  it('reset clears a key', () => {
    const limiter = new RateLimiter(1, 1000, () => 0);
    limiter.hit('k');
    expect(() => limiter.check('k')).toThrow();
    limiter.reset('k');
    expect(() => limiter.check('k')).not.toThrow();
  });
});
