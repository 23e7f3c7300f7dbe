import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OspoError } from '../../core/errors.js';
import { licenseIndexStore } from '../../modules/licenses/license-text/index.js';
import { type DetectReport, detectLicenses } from './detect.js';
import { defaultCacheDir } from './index-cache.js';
import type { DirectoryReport } from './report.js';

const fixtures = path.resolve('src/modules/licenses/license-text/__fixtures__');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
let root: string;

/** One project tree per scenario, each a folder under root: file path to content. */
const trees: Record<string, Record<string, string | Buffer>> = {
  'rust-dual': {
    'LICENSE-MIT': fixture('mit.txt'),
    'LICENSE-APACHE': fixture('apache-2.0.txt'),
    'README.md': fixture('readme-rust-dual.md'),
    'src/lib.rs': '// SPDX-License-Identifier: MIT OR Apache-2.0\nfn x() {}\n',
    'src/main.rs': '// SPDX-License-Identifier: MIT OR Apache-2.0\nfn main() {}\n',
    'node_modules/dep/LICENSE': fixture('gpl-3.0.txt'),
    '.git/LICENSE': fixture('gpl-3.0.txt'),
  },
  lgpl: {
    COPYING: fixture('gpl-3.0.txt'),
    'COPYING.LESSER': fixture('lgpl-3.0.txt'),
  },
  'reuse-only': {
    'LICENSES/MIT.txt': fixture('mit.txt'),
    'LICENSES/CC0-1.0.txt': 'Creative Commons Legal Code\n\nCC0 1.0 Universal\n',
    'src/a.py': '# SPDX-License-Identifier: MIT\n',
    'docs/b.md': '<!-- SPDX-License-Identifier: CC0-1.0 -->\n',
  },
  'headers-only': {
    'a.c': '/* SPDX-License-Identifier: GPL-2.0-only */\n',
    'b.c': '/* SPDX-License-Identifier: GPL-2.0-only */\n',
    'c.c': '/* SPDX-License-Identifier: MIT/X11 */\n',
    'logo.png': Buffer.from([0x89, 0x50, 0, 0]),
  },
  'bad-files': {
    LICENSE: fixture('binary.bin'),
    'NOTICE.txt': fixture('latin1.txt'),
    'vendor/x/LICENSE': fixture('isc.txt'),
  },
  empty: { 'src/main.go': 'package main\n' },
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-licenses-'));
  for (const [tree, files] of Object.entries(trees)) {
    for (const [file, content] of Object.entries(files)) {
      const at = path.join(root, tree, file);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, content);
    }
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function tree(
  name: string,
  headers: 'summary' | 'files' | 'off' = 'summary',
): Promise<DirectoryReport> {
  const result: DetectReport = await detectLicenses(path.join(root, name), { headers });
  if (result.kind !== 'directory') throw new Error('expected a directory report');
  return result.report;
}

describe('detectLicenses on a tree', () => {
  it.each([
    ['rust-dual', 'Apache-2.0 OR MIT', ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md']],
    ['lgpl', 'LGPL-3.0-only', ['COPYING', 'COPYING.LESSER']],
    ['reuse-only', 'CC0-1.0 AND MIT', ['LICENSES/CC0-1.0.txt', 'LICENSES/MIT.txt']],
    ['headers-only', 'GPL-2.0-only', ['SPDX-License-Identifier headers']],
    ['empty', null, []],
  ])('%s: the project license is %s', async (name, license, from) => {
    const report = await tree(name);
    expect(report.project.license).toBe(license);
    expect([...report.project.from].sort()).toEqual(from);
  });

  it('lists each license file, skips .git and node_modules, and summarizes SPDX headers', async () => {
    const report = await tree('rust-dual');
    expect(report.files.map((f) => [f.path, f.kind, f.license])).toEqual([
      ['LICENSE-APACHE', 'license', 'Apache-2.0'],
      ['LICENSE-MIT', 'license', 'MIT'],
      ['README.md', 'readme', 'Apache-2.0 OR MIT'],
    ]);
    expect(report.files[1]?.copyrights).toEqual(['Copyright (c) 2021 Jane Doe']);
    expect(report.spdx_headers).toEqual({
      files_scanned: 2,
      files_with_header: 2,
      licenses: [{ license: 'MIT OR Apache-2.0', files: 2 }],
      invalid: [],
    });
  });

  it('lists every header with --headers files, reports invalid ones, and skips binary files', async () => {
    const report = await tree('headers-only', 'files');
    expect(report.spdx_headers?.files).toEqual([
      { path: 'a.c', license: 'GPL-2.0-only', line: 1 },
      { path: 'b.c', license: 'GPL-2.0-only', line: 1 },
      { path: 'c.c', license: null, line: 1 },
    ]);
    expect(report.spdx_headers?.invalid).toEqual([expect.objectContaining({ path: 'c.c', line: 1 })]);
    expect(report.errors).toEqual([]);
  });

  it('lists unreadable license files under errors and reads the rest', async () => {
    const report = await tree('bad-files');
    expect(report.errors.map((e) => [e.path, e.code])).toEqual([
      ['LICENSE', 'ERR_OSPO_BINARY_FILE'],
      ['NOTICE.txt', 'ERR_OSPO_ENCODING'],
    ]);
    expect(report.files.map((f) => [f.path, f.license])).toEqual([['vendor/x/LICENSE', 'ISC']]);
    expect(report.project.license).toBeNull();
  });
});

describe('the saved SPDX index', () => {
  it('is written to the cache folder on first use, damaged copies aside', async () => {
    const cacheDir = path.join(root, '.cache');
    fs.mkdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, `license-index-${licenseIndexStore.fingerprint()}.bin`), 'damaged');
    const result = await detectLicenses(path.join(root, 'rust-dual'), { cacheDir });
    expect(result.kind === 'directory' && result.report.project.license).toBe('Apache-2.0 OR MIT');
    const saved = fs.readdirSync(cacheDir);
    expect(saved).toEqual([`license-index-${licenseIndexStore.fingerprint()}.bin`]);
    expect(licenseIndexStore.restore(fs.readFileSync(path.join(cacheDir, saved[0] ?? '')))).toBe(true);
  });

  it.each([
    [{ OSPO_CACHE_DIR: '/x' }, '/x'],
    [{ OSPO_CACHE_DIR: 'off', HOME: '/h' }, undefined],
    [{ XDG_CACHE_HOME: '/c', HOME: '/h' }, '/c/ospokit'],
    [{ HOME: '/h' }, '/h/.cache/ospokit'],
    [{}, undefined],
  ])('lives in %j: %s', (env, dir) => {
    expect(defaultCacheDir(env)).toBe(dir);
  });
});

describe('detectLicenses on a file', () => {
  it('reads any file with both detectors', async () => {
    const result = await detectLicenses(path.join(fixtures, 'gpl-2.0-only-notice.c'));
    expect(result.kind).toBe('file');
    if (result.kind === 'file')
      expect(result.report).toMatchObject({ kind: 'source', license: 'GPL-2.0-only' });
  });

  it.each([
    ['missing', 'ERR_OSPO_NOT_FOUND'],
    ['binary.bin', 'ERR_OSPO_BINARY_FILE'],
  ])('%s fails with %s', async (name, code) => {
    const error = (await detectLicenses(path.join(fixtures, name)).catch((e: unknown) => e)) as OspoError;
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a file over the size cap', async () => {
    const error = (await detectLicenses(path.join(fixtures, 'apache-2.0.txt'), { maxFileBytes: 100 }).catch(
      (e: unknown) => e,
    )) as OspoError;
    expect(error.code).toBe('ERR_OSPO_FILE_TOO_LARGE');
  });
});
