import { RateLimitError } from '../core/errors.js';

/**
 * A fixed-window counter in memory. Enough for one server process guarding logins; a cluster of
 * servers behind a balancer divides an attacker's budget by the number of processes, no more.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one failure against key. */
  hit(key: string): void {
    const now = this.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) this.windows.set(key, { start: now, count: 1 });
    else w.count++;
    if (this.windows.size > 10_000) this.prune(now);
  }

  /** Throw when key has used up its window. */
  check(key: string): void {
    const w = this.windows.get(key);
    const now = this.now();
    if (!w || now - w.start >= this.windowMs || w.count < this.limit) return;
    const retryAfterSeconds = Math.ceil((w.start + this.windowMs - now) / 1000);
    throw new RateLimitError('ERR_OSPO_RATE_LIMITED', 'too many failed attempts; wait before trying again', {
      hint: `Try again in ${retryAfterSeconds} s.`,
      details: { retryAfterSeconds },
    });
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
