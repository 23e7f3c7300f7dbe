import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';
import { freshPgliteDir } from '../support/stores.js';

let dataDir: string;
let env: Record<string, string>;
const password = 'a long enough password\n';

beforeAll(async () => {
  dataDir = freshPgliteDir();
  env = { OSPO_DATA_DIR: dataDir };
  for (const [email, name] of [
    ['ada@example.org', 'Zoe'],
    ['lee@example.org', 'Ann'],
  ] as const) {
    expect((await ospo(['users', 'add', '-e', email, '-n', name], env, password)).code).toBe(0);
  }
  for (const name of ['beta', 'alpha']) expect((await ospo(['projects', 'create', name], env)).code).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const json = async (args: string[]) => {
  const res = await ospo([...args, '--format', 'json'], env);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as { items: Record<string, string>[]; next: string | null };
};

describe('--sort on list commands', () => {
  it('sorts users and projects as the API does', async () => {
    expect((await json(['users', 'list'])).items.map((u) => u.email)).toEqual([
      'ada@example.org',
      'lee@example.org',
    ]);
    expect((await json(['users', 'list', '--sort', 'name'])).items.map((u) => u.name)).toEqual([
      'Ann',
      'Zoe',
    ]);
    expect((await json(['users', 'list', '--sort', '-email'])).items.map((u) => u.email)).toEqual([
      'lee@example.org',
      'ada@example.org',
    ]);
    expect((await json(['projects', 'list'])).items.map((p) => p.name)).toEqual(['alpha', 'beta']);
    expect((await json(['projects', 'list', '--sort=created'])).items.map((p) => p.name)).toEqual([
      'beta',
      'alpha',
    ]);
  });

  it('says how to get the next page in the same order', async () => {
    const first = await ospo(['projects', 'list', '--sort=-name', '--limit', '1'], env);
    const next = /more: ospo projects list --sort=-name --cursor (\S+)/.exec(first.stdout)?.[1];
    expect(next, first.stdout).toBeDefined();
    const rest = await json(['projects', 'list', '--sort=-name', '--cursor', next as string]);
    expect(rest.items.map((p) => p.name)).toEqual(['alpha']);
    const mixed = await ospo(['projects', 'list', '--cursor', next as string], env);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('ERR_OSPO_CURSOR');
  });

  it('refuses an unknown key, naming the ones there are', async () => {
    for (const args of [
      ['projects', 'list', '--sort', 'size'],
      ['users', 'list', '--sort', 'role'],
      ['scans', 'list', 'alpha', '--sort', 'name'],
    ]) {
      const res = await ospo(args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain('ERR_OSPO_VALIDATION');
      expect(res.stderr).toMatch(/expected one of .*created/);
    }
    expect((await ospo(['scans', 'list', 'alpha', '--sort', 'created'], env)).code).toBe(0);
  });
});
