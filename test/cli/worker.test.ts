import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-worker-'));
const embedded = { OSPO_DATA_DIR: dataDir, DATABASE_URL: '' };
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// The worker itself, on PostgreSQL, is exercised in test/store/jobs.test.ts (another process).
describe('ospo worker', () => {
  it('refuses the embedded store, where `ospo serve` runs the jobs itself', async () => {
    const result = await ospo(['worker'], embedded);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[ERR_OSPO_WORKER_NEEDS_POSTGRES]');
    expect(fs.readdirSync(dataDir)).toEqual([]); // refused before the store was opened
  });

  it('checks --concurrency', async () => {
    for (const bad of ['0', '65', 'two', '1.5']) {
      const result = await ospo(['worker', '--concurrency', bad], embedded);
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toContain('--concurrency must be a whole number from 1 to 64');
    }
  });

  it('leaves `ospo serve --no-worker` to PostgreSQL', async () => {
    const result = await ospo(['serve', '--no-worker', '--port', '0'], embedded);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-worker needs a PostgreSQL store');
  });
});
