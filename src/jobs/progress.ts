import type { JobProgress } from './queue.js';

/** At most one progress write per this many milliseconds; the last value is always written. */
const MIN_INTERVAL_MS = 250;

/**
 * Coalesces a handler's progress reports into few writes: the first lands at once, later ones at most
 * every MIN_INTERVAL_MS, one at a time, and the newest value wins. A failed write is dropped: progress
 * is a courtesy, the job goes on.
 */
export class ProgressWriter {
  last: JobProgress | null = null;
  private written: JobProgress | null = null;
  private lastWrite = 0;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly write: (progress: JobProgress) => Promise<void>) {}

  set(progress: JobProgress): void {
    this.last = progress;
    if (this.closed || this.inFlight || this.timer) return; // the write under way or scheduled picks up the newest
    const wait = this.lastWrite + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.flushNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushNow();
    }, wait);
    this.timer.unref();
  }

  /** Stop writing: wait for writes under way, cancel a scheduled one (the caller writes the last value). */
  async flush(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight) await this.inFlight;
  }

  private flushNow(): void {
    const value = this.last;
    if (this.closed || !value || value === this.written) return;
    this.lastWrite = Date.now();
    this.written = value;
    this.inFlight = this.write(value)
      .catch(() => {})
      .finally(() => {
        this.inFlight = null;
        if (this.last !== this.written) this.set(this.last as JobProgress);
      });
  }
}
