import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

const fixtures = path.resolve('src/modules/ecosystems/cargo-lock/__fixtures__');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-scan-'));
  fs.mkdirSync(path.join(root, 'good'));
  fs.mkdirSync(path.join(root, 'bad'));
  fs.copyFileSync(path.join(fixtures, 'v3-workspace.lock'), path.join(root, 'good/Cargo.lock'));
  fs.copyFileSync(path.join(fixtures, 'not-toml.lock'), path.join(root, 'bad/Cargo.lock'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ospo scan', () => {
  it('prints the inventory as JSON on stdout and a summary with errors on stderr; exit 0', async () => {
    const res = await ospo(['scan', root, '--format', 'json'], {});
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as {
      packages: { purl: string; locations: { path: string }[] }[];
      files: unknown[];
      errors: { code: string; line?: number }[];
    };
    expect(report.packages.map((p) => p.purl)).toContain('pkg:cargo/serde@1.0.188');
    expect(report.files).toHaveLength(1);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'ERR_OSPO_PARSE', line: 5 })]);
    expect(res.stderr).toContain('scanned 1 files: 3 packages');
    expect(res.stderr).toContain('[ERR_OSPO_PARSE]');
  });

  it('writes to a file with -o and prints a table by default', async () => {
    const out = path.join(root, 'inventory.json');
    const res = await ospo(['scan', path.join(root, 'good'), '-f', 'json', '-o', out], {});
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).packages).toHaveLength(3);
    const table = await ospo(['scan', path.join(root, 'good')], {});
    expect(table.stdout).toMatch(/^ECOSYSTEM\s+NAME\s+VERSION/);
    expect(table.stdout).toContain('serde_derive');
  });

  it('says so with a code and a hint when -o cannot be written', async () => {
    const out = path.join(root, 'no-such-folder', 'inventory.json');
    const res = await ospo(['scan', path.join(root, 'good'), '-f', 'json', '-o', out], {});
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('[ERR_OSPO_OUTPUT]');
    expect(res.stderr).toContain('ENOENT');
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  it('exits 2 when nothing could be scanned', async () => {
    const res = await ospo(['scan', path.join(root, 'bad')], {});
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('[ERR_OSPO_NOTHING_SCANNED]');
    const missing = await ospo(['scan', path.join(root, 'missing')], {});
    expect(missing.code).toBe(2);
  });

  it('exits 0 with an empty inventory for a tree with no lockfiles', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-empty-'));
    const res = await ospo(['scan', empty, '-f', 'json'], {});
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ packages: [], dependencies: [], files: [], errors: [] });
    fs.rmSync(empty, { recursive: true });
  });
});

describe('ospo scan --save and ospo scans', () => {
  it('keeps scans per project, lists them and diffs them', async () => {
    const { freshPgliteDir } = await import('../support/stores.js');
    const dataDir = freshPgliteDir();
    const env = { OSPO_DATA_DIR: dataDir };
    expect((await ospo(['scan', root, '--save'], env)).code).toBe(2); // --save needs --project
    expect((await ospo(['projects', 'create', 'crates'], env)).code).toBe(0);
    const first = await ospo(['scan', path.join(root, 'good'), '--save', '--project', 'crates'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/saved scan [0-9a-f-]{36} of project crates/);
    fs.copyFileSync(path.join(fixtures, 'v4-two-versions.lock'), path.join(root, 'good/Cargo.lock'));
    expect((await ospo(['scan', path.join(root, 'good'), '--save', '-p', 'crates'], env)).code).toBe(0);

    const list = JSON.parse((await ospo(['scans', 'list', 'crates', '-f', 'json'], env)).stdout) as {
      items: { id: string; packageCount: number }[];
    };
    expect(list.items.map((s) => s.packageCount)).toEqual([3, 3]);
    const [newer, older] = list.items.map((s) => s.id);
    const diff = await ospo(['scans', 'diff', older ?? '', newer ?? ''], env);
    expect(diff.stdout).toContain('+ crates.io bitflags 1.3.2');
    expect(diff.stdout).toContain('- crates.io serde 1.0.188');
    expect(diff.stdout).toMatch(/3 added, 3 removed, 0 changed/);
    fs.copyFileSync(path.join(fixtures, 'v3-workspace.lock'), path.join(root, 'good/Cargo.lock'));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
