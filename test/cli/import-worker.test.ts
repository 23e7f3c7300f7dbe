import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ospo advisories import` as built: records are read and parsed in a worker thread there (from the
// TypeScript sources, as in the other tests, they are read in-process).
const bin = path.resolve('bin/ospo.js');
let root: string;

const record = (id: string, name: string, fixed = '2.0.0') => ({
  schema_version: '1.6.0',
  id,
  modified: '2024-05-01T00:00:00Z',
  aliases: [`CVE-${id}`],
  summary: `${id} summary`,
  affected: [
    {
      package: { ecosystem: 'npm', name },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
});

function ospo(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, OSPO_DATA_DIR: dataDir, DATABASE_URL: '', NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-import-worker-'));
  // 1,200 records in a dump: two batches; and a folder with a broken and a non-OSV document
  const entries: Record<string, Uint8Array> = {};
  for (let i = 0; i < 1200; i++) {
    const id = `GHSA-${String(i).padStart(4, '0')}`;
    entries[`${id}.json`] = strToU8(JSON.stringify(record(id, `pkg-${i % 700}`)));
  }
  fs.writeFileSync(path.join(root, 'npm-all.zip'), zipSync(entries));
  fs.mkdirSync(path.join(root, 'folder'));
  fs.writeFileSync(
    path.join(root, 'folder/OSV-1.json'),
    JSON.stringify(record('OSV-1', 'left-pad', '1.3.0')),
  );
  fs.writeFileSync(path.join(root, 'folder/broken.json'), '{"id": "OSV-2", ');
  fs.writeFileSync(path.join(root, 'folder/other.json'), JSON.stringify({ id: 'X', modified: 3 }));
  fs.writeFileSync(
    path.join(root, 'evil.zip'),
    zipSync({ 'a.json': strToU8('{}'), '../../b.json': strToU8('{}') }),
  );
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(
    path.join(root, 'app/package-lock.json'),
    JSON.stringify({
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { 'left-pad': '^1.0.0', 'pkg-7': '^1.0.0' } },
        'node_modules/left-pad': { version: '1.2.0' },
        'node_modules/pkg-7': { version: '1.0.0' },
      },
    }),
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ospo advisories import (built CLI, parse worker)', () => {
  it('imports dumps and folders in batches, lists what it skipped, and is idempotent', () => {
    expect(fs.existsSync(bin), 'run npm run build first').toBe(true);
    const data = path.join(root, 'store-a');
    const first = ospo(['advisories', 'import', 'npm-all.zip', 'folder', '-f', 'json'], data);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ read: 1203, inserted: 1201, updated: 0, unchanged: 0 });
    expect(
      report.skipped.map((s: { path: string; code: string }) => [path.basename(s.path), s.code]),
    ).toEqual([
      ['broken.json', 'ERR_OSPO_PARSE'],
      ['other.json', 'ERR_OSPO_OSV_SCHEMA'],
    ]);
    const again = ospo(['advisories', 'import', 'npm-all.zip', 'folder'], data);
    expect(again.stdout).toContain('read 1203 documents: 0 new, 0 updated, 1201 unchanged, 2 skipped');
    // what was stored matches: pkg-7 is named by GHSA-0007 and GHSA-0707
    const vulns = ospo(['vulns', 'app', '-f', 'json'], data);
    expect(vulns.code, vulns.stderr).toBe(0); // findings of unknown severity: no --fail-on reached
    const found = JSON.parse(vulns.stdout)
      .findings.map((f: { advisory: string }) => f.advisory)
      .sort();
    expect(found).toEqual(['GHSA-0007', 'GHSA-0707', 'OSV-1']);
    // the parse worker wrote the match index's segment; the import that stored nothing added none
    const index = path.join(data, 'match-index');
    const manifest = JSON.parse(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ records: 1201 });
    expect(manifest.segments).toHaveLength(1);
    expect(fs.existsSync(path.join(index, 'dirty'))).toBe(false);
    fs.renameSync(index, `${index}-aside`);
    const fromStore = ospo(['vulns', 'app', '-f', 'json'], data);
    fs.renameSync(`${index}-aside`, index);
    expect(fromStore.stdout).toBe(vulns.stdout);
  });

  it('refuses a zip with path traversal with its code and hint, storing none of it', () => {
    const data = path.join(root, 'store-b');
    const refused = ospo(['advisories', 'import', 'evil.zip'], data);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_OSPO_ZIP_TRAVERSAL');
    expect(refused.stderr).toMatch(/hint:/);
    const after = ospo(['advisories', 'import', 'folder', '-f', 'json'], data);
    expect(JSON.parse(after.stdout)).toMatchObject({ inserted: 1 });
  });
});
