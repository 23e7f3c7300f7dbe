import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { timeToHealthy } from './support.js';

/**
 * Time from spawning `ospo serve` to its first 200 on /api/health.
 * Target: under 2 s on an existing data directory. A fresh one also runs initdb and the migrations.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-bench-'));
const existing = path.join(root, 'existing');

describe('server ready', () => {
  beforeAll(async () => {
    await timeToHealthy(existing); // create and migrate it once
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  let n = 0;
  bench(
    'serve: first /api/health, new data directory',
    async () => {
      await timeToHealthy(path.join(root, `fresh-${n++}`));
    },
    { iterations: 5, warmupIterations: 0, time: 0 },
  );

  bench(
    'serve: first /api/health, existing data directory',
    async () => {
      await timeToHealthy(existing);
    },
    { iterations: 10, warmupIterations: 1, time: 0 },
  );
});
