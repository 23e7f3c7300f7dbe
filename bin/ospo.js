#!/usr/bin/env node
// The `ospo` command. The TypeScript sources are compiled to dist/ by `npm run build`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === 'scan' && !process.env.OSPO_HEAP_TUNED) {
  // A scan of a large tree allocates many short-lived objects and keeps a large inventory: run it with a
  // larger young generation (less time in garbage collection) and a capped old generation, so memory
  // stays predictable. Raise the cap with OSPO_SCAN_MEMORY_MB for very large trees. The old generation
  // starts at 96 MB, in the main thread and in each parse worker (V8's flags are the process's): grown
  // from V8's small default, each collected it fully every few megabytes at first (37 full collections
  // in one large scan, 16-22 with this).
  const memoryMb = Number(process.env.OSPO_SCAN_MEMORY_MB) || 768;
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      '--initial-old-space-size=96',
      `--max-old-space-size=${memoryMb}`,
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, OSPO_HEAP_TUNED: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (code === 134 || signal === 'SIGABRT') {
      process.stderr.write(
        `ospo: the scan ran out of memory (limit ${memoryMb} MB) [ERR_OSPO_OUT_OF_MEMORY]\n` +
          `hint: set OSPO_SCAN_MEMORY_MB higher, e.g. OSPO_SCAN_MEMORY_MB=${memoryMb * 2}\n`,
      );
      process.exit(3);
    }
    process.exit(code ?? 3);
  });
} else {
  try {
    await import('../dist/cli/main.js');
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
      process.stderr.write('ospo: ospokit is not built yet. Run `npm run build` in its folder first.\n');
      process.exit(3);
    }
    throw error;
  }
}
