import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formats, generateMonorepo } from '../../bench/generate-monorepo.js';

const bin = path.resolve('bin/ospo.js');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-workers-'));
  generateMonorepo({ out: root, filesPerFormat: 3, packagesPerFile: 60 });
  fs.writeFileSync(
    path.join(root, 'package-lock-json/project-1/package-lock.json'),
    '{"lockfileVersion": 3, ',
  ); // broken
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scan(workers: number, format = 'json') {
  const out = path.join(root, `out-${workers}.${format}`);
  const result = spawnSync(
    process.execPath,
    [bin, 'scan', root, '-f', format, '-o', out, '--workers', String(workers)],
    {
      encoding: 'utf8',
      cwd: root,
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return fs.readFileSync(out, 'utf8');
}

describe('ospo scan with parse workers (built CLI)', () => {
  it('gives exactly the report of an in-process scan, errors included', () => {
    expect(fs.existsSync(bin), 'run npm run build first').toBe(true);
    const inProcess = scan(0);
    const parallel = scan(2);
    expect(parallel).toBe(inProcess);
    expect(scan(1)).toBe(inProcess);
    const report = JSON.parse(parallel) as {
      files: unknown[];
      errors: { code: string }[];
      packages: unknown[];
    };
    expect(report.files).toHaveLength(formats.length * 3 - 1);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'ERR_OSPO_PARSE' })]);
    expect(report.packages.length).toBeGreaterThan(100);
  });

  it('writes the same SBOMs whatever the number of workers', () => {
    // each document has its own serial number and time
    const unstamped = (text: string) =>
      text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
    for (const format of ['cyclonedx', 'spdx']) {
      const inProcess = unstamped(scan(0, format));
      expect(inProcess).toContain('pkg:');
      expect(unstamped(scan(2, format)), format).toBe(inProcess);
      expect(unstamped(scan(1, format)), format).toBe(inProcess);
    }
  });

  it('refuses a --workers value that is not a whole number', () => {
    const result = spawnSync(process.execPath, [bin, 'scan', root, '--workers', 'many'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--workers takes a whole number');
  });
});
