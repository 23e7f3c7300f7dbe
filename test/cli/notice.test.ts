import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

let root: string;

const mit = (holder: string) =>
  `MIT License\n\nCopyright (c) 2019 ${holder}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

function install(name: string, version: string, license: string | null, files: Record<string, string>) {
  const dir = path.join(root, 'app/node_modules', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version, ...(license ? { license } : {}) }),
  );
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-notice-'));
  install('left', '1.0.0', 'MIT', { LICENSE: mit('Ada Lovelace') });
  install('right', '2.1.0', 'MIT', { 'LICENSE.md': mit('Grace Hopper') });
  // declares nothing: its license file says MIT
  install('quiet', '0.3.0', null, {
    LICENSE: mit('Edsger Dijkstra'),
    NOTICE: 'Copyright 2020 Quiet Corp.\n',
  });
  install('apache', '4.0.0', 'Apache-2.0', {});
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ospo notice', () => {
  it('lists each package with its license and copyrights, and each license text once', async () => {
    const res = await ospo(['notice', path.join(root, 'app')], {}, '', root);
    expect(res.code).toBe(0);
    const out = res.stdout;
    expect(out).toContain('This software includes 4 third-party packages.');
    expect(out).toMatch(/left 1\.0\.0 \(npm\)\n {2}License: MIT\n {2}Copyright \(c\) 2019 Ada Lovelace/);
    expect(out).toMatch(/quiet 0\.3\.0 \(npm\)\n {2}License: MIT\n/);
    expect(out).toContain('Copyright 2020 Quiet Corp.');
    expect(out).toContain('Copyright (c) 2019 Grace Hopper');
    expect(out.match(/^MIT: MIT License$/gm)).toHaveLength(1);
    expect(out).toContain('Apache-2.0: Apache License 2.0');
    expect(out).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(res.stderr).toContain('listed 4 packages and 2 license texts');
  });

  it('writes Markdown and HTML, escaping what needs it', async () => {
    const md = await ospo(['notice', path.join(root, 'app'), '-f', 'markdown'], {}, '', root);
    expect(md.stdout).toContain('| left | 1.0.0 | MIT | Copyright (c) 2019 Ada Lovelace |');
    expect(md.stdout).toContain('### MIT: MIT License');
    const html = await ospo(
      ['notice', path.join(root, 'app'), '-f', 'html', '--title', 'Notices <beta>'],
      {},
      '',
      root,
    );
    expect(html.stdout).toContain('<title>Notices &lt;beta&gt;</title>');
    expect(html.stdout).toContain('<td>apache</td><td>4.0.0</td><td>Apache-2.0</td>');
  });

  it('exits 2 when nothing could be scanned', async () => {
    fs.mkdirSync(path.join(root, 'empty'), { recursive: true });
    const res = await ospo(['notice', path.join(root, 'empty')], {}, '', root);
    expect(res.code).toBe(2);
  });
});
