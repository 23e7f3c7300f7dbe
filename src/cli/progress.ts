import type { CliIO } from './io.js';

/** A single self-overwriting status line on a terminal, redrawn at most ten times a second. */
export function progressLine(io: CliIO) {
  let last = 0;
  let shown = false;
  const width = Math.max(40, (process.stderr.columns || 80) - 1);
  return {
    update(text: string) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const line = text.length > width ? `…${text.slice(text.length - width + 1)}` : text;
      io.stderr(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
