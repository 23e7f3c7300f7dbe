import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import type { Extractor } from '../../core/inventory.js';
import { purlFor } from '../../core/purl.js';
import { cargoLock } from '../../modules/ecosystems/cargo-lock/index.js';
import { scanPaths } from './scan.js';
import { globToRegExp } from './walk.js';

const fixture = (name: string) =>
  fs.readFileSync(
    path.join(import.meta.dirname, '../../modules/ecosystems/cargo-lock/__fixtures__', name),
    'utf8',
  );

/** A stand-in for installed-metadata plug-ins: one package per node_modules/<name>/package.json. */
const installed: Extractor = {
  id: 'fake-installed',
  version: 1,
  ecosystem: 'npm',
  installedMetadata: true,
  matches: (p) => /(^|\/)node_modules\/[^/]+\/package\.json$/.test(p),
  extract: async ({ content }) => {
    const { name, version } = JSON.parse(content) as { name: string; version: string };
    const purl = purlFor('npm', name, version);
    return {
      packages: [{ ecosystem: 'npm', name, version, purl, scope: 'prod', direct: null, licenses: [] }],
      edges: [],
      warnings: [],
    };
  },
};

/** Crashes like a buggy plug-in would, on files named crash.lock. */
const crashing: Extractor = {
  id: 'crashing',
  version: 1,
  ecosystem: 'npm',
  matches: (p) => p.endsWith('crash.lock'),
  extract: async () => {
    throw new TypeError('cannot read properties of undefined');
  },
};

/** Asks for a file outside the root through readFile. */
const peeking: Extractor = {
  id: 'peeking',
  version: 1,
  ecosystem: 'npm',
  matches: (p) => p.endsWith('peek.lock'),
  extract: async ({ readFile }) => {
    const outside = await readFile('../outside.txt');
    if (outside !== null) throw new ParseError('ERR_OSPO_TEST', 'escaped the root');
    return { packages: [], edges: [], warnings: [] };
  },
};

let root: string;
const write = (rel: string, content: string | Buffer) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-scan-'));
  write('app/Cargo.lock', fixture('v3-workspace.lock'));
  write('tools/Cargo.lock', fixture('v4-two-versions.lock'));
  write('broken/Cargo.lock', fixture('not-toml.lock'));
  write('binary/Cargo.lock', Buffer.from([0x76, 0x00, 0x01, 0x02]));
  write('big/Cargo.lock', `${fixture('v3-workspace.lock')}\n# ${'x'.repeat(4096)}\n`);
  write('.git/Cargo.lock', fixture('v3-workspace.lock'));
  write('fixtures/Cargo.lock', fixture('v3-workspace.lock'));
  write('crash/crash.lock', 'anything');
  write('web/node_modules/left-pad/package.json', '{"name":"left-pad","version":"1.3.0"}');
  write('web/node_modules/left-pad/Cargo.lock', fixture('v3-workspace.lock')); // not read: installed tree
  write('venv/pyvenv.cfg', 'home = /usr/bin');
  write('venv/lib/Cargo.lock', fixture('v3-workspace.lock')); // not read: a virtualenv
  write('inner/peek.lock', '');
  fs.writeFileSync(path.join(os.tmpdir(), 'outside.txt'), 'secret');
  fs.mkdirSync(path.join(root, 'loop'));
  fs.symlinkSync(root, path.join(root, 'loop', 'back'));
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('scanPaths', () => {
  it('scans every wanted file, reports each problem, and goes on', async () => {
    const report = await scanPaths([root], {
      extractors: [cargoLock, installed, crashing, peeking],
      exclude: ['fixtures'],
      maxFileBytes: 4000,
      cwd: root,
    });
    expect(report.files.map((f) => [f.path, f.format]).sort()).toEqual([
      ['app/Cargo.lock', 'cargo-lock'],
      ['inner/peek.lock', 'peeking'],
      ['tools/Cargo.lock', 'cargo-lock'],
      ['web/node_modules/left-pad/package.json', 'fake-installed'],
    ]);
    const codes = Object.fromEntries(report.errors.map((e) => [e.path, e.code]));
    expect(codes).toEqual({
      'big/Cargo.lock': 'ERR_OSPO_FILE_TOO_LARGE',
      'binary/Cargo.lock': 'ERR_OSPO_BINARY_FILE',
      'broken/Cargo.lock': 'ERR_OSPO_PARSE',
      'crash/crash.lock': 'ERR_OSPO_EXTRACTOR_FAILED',
      dangling: 'ERR_OSPO_BROKEN_LINK',
      'loop/back': 'ERR_OSPO_SYMLINK_LOOP',
    });
    expect(report.errors.find((e) => e.code === 'ERR_OSPO_PARSE')).toMatchObject({ line: 5 });
    expect(report.errors.find((e) => e.code === 'ERR_OSPO_PARSE')?.message).toMatch(/^not valid TOML/);
  });

  it('merges a package found in several files into one entry with every location', async () => {
    const report = await scanPaths([path.join(root, 'app'), path.join(root, 'fixtures')], {
      extractors: [cargoLock],
      cwd: root,
    });
    const serde = report.packages.find((p) => p.name === 'serde');
    expect(serde?.locations).toEqual([{ path: 'app/Cargo.lock' }, { path: 'fixtures/Cargo.lock' }]);
    expect(report.packages.filter((p) => p.name === 'serde')).toHaveLength(1);
    expect(report.dependencies).toContainEqual({
      from: 'pkg:cargo/app@0.1.0',
      to: 'pkg:cargo/serde@1.0.188',
    });
    expect(new Set(report.dependencies.map((d) => `${d.from} ${d.to}`)).size).toBe(
      report.dependencies.length,
    );
  });

  it('scans a single file, and reports a path that does not exist', async () => {
    const report = await scanPaths([path.join(root, 'tools/Cargo.lock'), 'no/such/dir'], {
      extractors: [cargoLock],
      cwd: root,
    });
    expect(report.files).toEqual([
      expect.objectContaining({ path: 'tools/Cargo.lock', format: 'cargo-lock', packages: 3, warnings: [] }),
    ]);
    expect(report.errors).toEqual([
      { path: 'no/such/dir', code: 'ERR_OSPO_NOT_FOUND', message: 'no such file or folder' },
    ]);
  });
});

describe('exclude globs', () => {
  it.each([
    ['fixtures', 'a/fixtures/Cargo.lock', true],
    ['fixtures', 'fixtures', true],
    ['**/test/**', 'pkg/test/x/Cargo.lock', true],
    ['**/test/**', 'pkg/testing/Cargo.lock', false],
    ['examples/*', 'examples/one', true],
    ['examples/*', 'sub/examples/one', false],
    ['*.lock', 'deep/Cargo.lock', true],
    ['Cargo.lock', 'NotCargo.lock', false],
  ])('%s on %s: %s', (glob, p, expected) => {
    expect(globToRegExp(glob).test(p)).toBe(expected);
  });
});

describe('the extraction cache', () => {
  it('parses an unchanged file once, and again after it changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cache-'));
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), fixture('v3-workspace.lock'));
    let calls = 0;
    const counting: Extractor = {
      ...cargoLock,
      extract: (input) => {
        calls++;
        return cargoLock.extract(input);
      },
    };
    const memory = new Map<string, unknown>();
    const cache = {
      get: async (h: string, e: string, v: number) => memory.get(`${h}/${e}/${v}`) ?? null,
      put: async (h: string, e: string, v: number, r: unknown) => void memory.set(`${h}/${e}/${v}`, r),
    };
    const first = await scanPaths([dir], { extractors: [counting], cache, cwd: dir });
    const second = await scanPaths([dir], { extractors: [counting], cache, cwd: dir });
    expect(calls).toBe(1);
    expect(second.packages).toEqual(first.packages);
    expect(second.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    fs.writeFileSync(path.join(dir, 'Cargo.lock'), fixture('v4-two-versions.lock'));
    const third = await scanPaths([dir], { extractors: [counting], cache, cwd: dir });
    expect(calls).toBe(2);
    expect(third.packages.map((p) => p.name)).toContain('bitflags');
    fs.rmSync(dir, { recursive: true });
  });
});

describe('symbolic links inside the tree', () => {
  it('walks a linked workspace package once, where it is, and not as installed code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-links-'));
    fs.mkdirSync(path.join(dir, 'packages/lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages/lib/Cargo.lock'), fixture('v3-workspace.lock'));
    fs.writeFileSync(path.join(dir, 'packages/lib/package.json'), '{"name":"lib","version":"0.0.1"}');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(dir, 'packages/lib'), path.join(dir, 'node_modules/lib'));
    const report = await scanPaths([dir], { extractors: [cargoLock, installed], cwd: dir });
    expect(report.files.map((f) => f.path)).toEqual(['packages/lib/Cargo.lock']);
    expect(report.packages.some((p) => p.name === 'lib')).toBe(false);
    expect(report.errors).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('walkTree', () => {
  it('reports a folder it cannot read, and walks the others', async () => {
    const { walkTree } = await import('./walk.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-walk-'));
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.mkdirSync(path.join(dir, 'open'));
    fs.writeFileSync(path.join(dir, 'locked/Cargo.lock'), '');
    fs.writeFileSync(path.join(dir, 'open/Cargo.lock'), '');
    const readdir = async (d: string) => {
      if (d.endsWith(`${path.sep}locked`)) throw Object.assign(new Error('denied'), { code: 'EACCES' });
      return fs.promises.readdir(d, { withFileTypes: true });
    };
    const items = [];
    for await (const item of walkTree(dir, { exclude: [], wants: () => true, readdir })) items.push(item);
    expect(items.map((i) => [i.kind, i.path, i.kind === 'problem' ? i.code : ''])).toEqual([
      ['problem', 'locked', 'ERR_OSPO_UNREADABLE_DIR'],
      ['file', 'open/Cargo.lock', ''],
    ]);
    fs.rmSync(dir, { recursive: true });
  });
});
