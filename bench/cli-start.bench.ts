import { spawnSync } from 'node:child_process';
import { bench, describe } from 'vitest';
import { bin } from './support.js';

/** Cold start of the CLI: a new node process printing help. Target: under 300 ms. */
describe('cli cold start', () => {
  bench(
    'ospo --help',
    () => {
      const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ospo --help exited ${result.status}: ${result.stderr}`);
    },
    { iterations: 30, warmupIterations: 3, time: 0 },
  );

  bench(
    'ospo --version',
    () => {
      const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ospo --version exited ${result.status}`);
    },
    { iterations: 30, warmupIterations: 3, time: 0 },
  );
});
