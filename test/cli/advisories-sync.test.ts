import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import {
  type FakeMirror,
  fixtureDump,
  startFakeMirror,
} from '../../src/modules/advisories/osv-mirror/test-support.js';
import { DEFAULT_SYNC_ECOSYSTEMS, type SyncReport } from '../../src/services/vulnerabilities/sync.js';
import { ospo } from '../support/cli.js';

let root: string;
let mirror: FakeMirror;
let env: Record<string, string>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-sync-'));
  mirror = await startFakeMirror();
  env = { OSPO_DATA_DIR: path.join(root, 'store'), OSPO_OSV_MIRROR_URL: mirror.origin };
  mirror.route('npm', { body: fixtureDump('npm'), etag: '"npm-1"' });
  mirror.route('PyPI', { body: fixtureDump('PyPI'), etag: '"pypi-1"' });
});
afterAll(async () => {
  await mirror.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const json = (stdout: string) => JSON.parse(stdout) as SyncReport;

describe('ospo advisories sync', () => {
  it('downloads into <OSPO_DATA_DIR>/osv-mirror and imports, then finds nothing new the second time', async () => {
    const first = await ospo(['advisories', 'sync', '--ecosystem', 'npm', 'PyPI'], env, '', root);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^npm\s+updated\s+\d/m);
    expect(first.stdout).toMatch(/^PyPI\s+updated\s+\d/m);
    expect(first.stdout).toContain('imported 3 documents: 3 new, 0 updated, 0 unchanged, 0 skipped');
    expect(fs.existsSync(path.join(root, 'store', 'osv-mirror', 'npm', 'all.zip'))).toBe(true);

    const seen = mirror.requests.length;
    const second = await ospo(['advisories', 'sync', '-e', 'npm,PyPI', '--format', 'json'], env, '', root);
    expect(second.code).toBe(0);
    const report = json(second.stdout);
    expect(report.ecosystems.map((e) => [e.ecosystem, e.status, e.bytes])).toEqual([
      ['npm', 'unchanged', 0],
      ['PyPI', 'unchanged', 0],
    ]);
    expect(report.import.read).toBe(0);
    expect(mirror.requests.slice(seen).map((r) => r.status)).toEqual([304, 304]);
  });

  it('makes the synced advisories available to `ospo vulns`', async () => {
    const app = path.join(root, 'app');
    fs.mkdirSync(app, { recursive: true });
    fs.writeFileSync(
      path.join(app, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { 'mirrored-left-pad': '^1.0.0' } },
          'node_modules/mirrored-left-pad': { version: '1.3.0' },
        },
      }),
    );
    const vulns = await ospo(['vulns', app, '--format', 'json'], env, '', root);
    const found = JSON.parse(vulns.stdout) as { findings: { advisory: string }[] };
    expect(found.findings.map((f) => f.advisory)).toEqual(['GHSA-mirr-or00-0001']);
  });

  it('exits 1 when some ecosystems fail, listing them with hints on stderr', async () => {
    const run = await ospo(['advisories', 'sync', '-e', 'npm', 'NoSuchEcosystem'], env, '', root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^npm\s+unchanged/m);
    expect(run.stdout).toMatch(/^NoSuchEcosystem\s+failed\s+-\s+ERR_OSPO_SYNC_UNKNOWN_ECOSYSTEM/m);
    expect(run.stderr).toContain('[ERR_OSPO_SYNC_UNKNOWN_ECOSYSTEM]');
    expect(run.stderr).toContain(`hint: Ecosystem names are case-sensitive`);
  });

  it('exits 2 when every ecosystem fails, and keeps the previous zips', async () => {
    const zip = path.join(root, 'store', 'osv-mirror', 'npm', 'all.zip');
    const before = fs.readFileSync(zip);
    mirror.route('npm', { status: 503, body: 'slow down' });
    const run = await ospo(['advisories', 'sync', '-e', 'npm', '--format', 'json'], env, '', root);
    mirror.route('npm', { body: fixtureDump('npm'), etag: '"npm-1"' });
    expect(run.code).toBe(2);
    expect(json(run.stdout).ecosystems).toMatchObject([
      { ecosystem: 'npm', status: 'failed', file: zip, error: { code: 'ERR_OSPO_SYNC_HTTP' } },
    ]);
    expect(run.stderr).toContain('[ERR_OSPO_SYNC_HTTP]');
    expect(fs.readFileSync(zip).equals(before)).toBe(true);
  });

  it('takes --url over OSPO_OSV_MIRROR_URL, and --cache over the data folder', async () => {
    const cache = path.join(root, 'elsewhere');
    const unreachable = { ...env, OSPO_OSV_MIRROR_URL: 'http://127.0.0.1:9/' };
    const run = await ospo(
      ['advisories', 'sync', '-e', 'PyPI', '--url', mirror.origin, '--cache', cache, '--format', 'json'],
      unreachable,
      '',
      root,
    );
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({ url: mirror.origin, cacheDir: cache });
    expect(fs.existsSync(path.join(cache, 'PyPI', 'all.zip'))).toBe(true);
  });

  it('shows progress on stderr only when stderr is a terminal, and keeps stdout for the report', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      readStdin: async () => '',
      env,
      cwd: root,
      stderrIsTTY: true,
    };
    const code = await runCli(['advisories', 'sync', '-e', 'npm', '--force', '--format', 'json'], io);
    expect(code).toBe(0);
    expect(stderr).toContain('downloading npm: ');
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(json(stdout).ecosystems).toMatchObject([{ ecosystem: 'npm', status: 'updated' }]);
  });

  it.each([
    [['--max-size', '0'], 'ERR_OSPO_USAGE'],
    [['--timeout', 'soon'], 'ERR_OSPO_USAGE'],
    [['--url', 'file:///tmp/osv'], 'ERR_OSPO_CONFIG'],
    [['-e', 'npm/../x'], 'ERR_OSPO_SYNC_ECOSYSTEM'],
  ])('exits 2 for bad usage %j before going online', async (args, code) => {
    const seen = mirror.requests.length;
    const run = await ospo(['advisories', 'sync', ...args], env, '', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`[${code}]`);
    expect(mirror.requests.length).toBe(seen);
  });

  it('says in --help that it goes online, its defaults, exit codes and examples', async () => {
    const help = await ospo(['advisories', 'sync', '--help'], env, '', root);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Goes online');
    expect(help.stdout).toContain(`Default ecosystems: ${DEFAULT_SYNC_ECOSYSTEMS.join(', ')}.`);
    expect(help.stdout).toContain('Exit codes: 0');
    expect(help.stdout).toContain('ospo advisories sync --ecosystem npm PyPI');
  });
});
