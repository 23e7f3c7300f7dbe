import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

const fixtures = path.resolve('src/modules/licenses/license-text/__fixtures__');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-license-'));
  fs.copyFileSync(path.join(fixtures, 'mit.txt'), path.join(root, 'LICENSE'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src/index.ts'), '// SPDX-License-Identifier: MIT\nexport {};\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ospo license detect', () => {
  it('prints a file as the JSON contract; exit 0', async () => {
    const res = await ospo(
      ['license', 'detect', path.join(fixtures, 'mit-and-bsd-3-clause.txt'), '-f', 'json'],
      {},
    );
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      license: 'MIT AND BSD-3-Clause',
      matches: [
        { id: 'MIT', coverage: 1, start_line: 1 },
        { id: 'BSD-3-Clause', coverage: 1 },
      ],
      copyrights: ['Copyright (c) 2021 Jane Doe', 'Copyright (c) 2015 Parser Authors.'],
    });
    expect(report.confidence).toBeGreaterThan(0.9);
  });

  it('prints a folder with its files, headers and project license', async () => {
    const json = await ospo(['license', 'detect', root, '--format', 'json'], {});
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      project: { license: string };
      files: { path: string; license: string }[];
      spdx_headers: { files_with_header: number };
    };
    expect(report.project.license).toBe('MIT');
    expect(report.files.map((f) => [f.path, f.license])).toEqual([['LICENSE', 'MIT']]);
    expect(report.spdx_headers.files_with_header).toBe(1);
    const table = await ospo(['license', 'detect', root], {});
    expect(table.stdout).toMatch(/^PATH\s+KIND\s+LICENSE\s+CONFIDENCE/);
    expect(table.stdout).toContain('Project license: MIT');
    expect(table.stdout).toContain('SPDX headers: 1 of 1 files: MIT 1');
  });

  it('exits 2 for a path that is missing or cannot be read, and for a bad flag value', async () => {
    const missing = await ospo(['license', 'detect', path.join(root, 'nope')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[ERR_OSPO_NOT_FOUND]');
    const binary = await ospo(['license', 'detect', path.join(fixtures, 'binary.bin')], {});
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain('[ERR_OSPO_BINARY_FILE]');
    expect((await ospo(['license', 'detect', root, '--max-file-size', '0'], {})).code).toBe(2);
    expect((await ospo(['license', 'detect', root, '--headers', 'all'], {})).code).toBe(2);
  });

  it('explains itself in --help', async () => {
    const help = await ospo(['license', 'detect', '--help'], {});
    expect(help.code).toBe(0);
    for (const text of [
      '--format',
      '--max-file-size',
      '--headers',
      'LicenseRef-ospo-unknown',
      'Exit codes',
    ]) {
      expect(help.stdout).toContain(text);
    }
    expect((await ospo(['--help'], {})).stdout).toContain('license');
  });
});
