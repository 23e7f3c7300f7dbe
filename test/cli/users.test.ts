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
  expect(
    (await ospo(['users', 'add', '--admin', '-e', 'ada@example.org', '-n', 'Ada'], env, password)).code,
  ).toBe(0);
  expect((await ospo(['users', 'add', '-e', 'lee@example.org', '-n', 'Lee'], env, password)).code).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ospo users set-role, disable, enable', () => {
  it('changes a role', async () => {
    const res = await ospo(['users', 'set-role', 'lee@example.org', 'security'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('lee@example.org is now security\n');
    const bad = await ospo(['users', 'set-role', 'lee@example.org', 'owner'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Allowed choices are admin, ospo, legal, security, member, viewer');
  });

  it('disables and enables, shown in the list', async () => {
    const off = await ospo(['users', 'disable', 'lee@example.org', '--format', 'json'], env);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ email: 'lee@example.org', disabled: true });
    const list = await ospo(['users', 'list'], env);
    expect(list.stdout).toMatch(/STATE/);
    expect(list.stdout).toMatch(/lee@example\.org\s+Lee\s+security\s+disabled/);
    const on = await ospo(['users', 'enable', 'lee@example.org'], env);
    expect(on.stdout).toBe('enabled lee@example.org\n');
    expect((await ospo(['users', 'list'], env)).stdout).toMatch(/lee@example\.org\s+Lee\s+security\s+active/);
  });

  it('refuses to leave no active admin, with the code and hint', async () => {
    const res = await ospo(['users', 'disable', 'ada@example.org'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ada@example.org is the last active admin');
    expect(res.stderr).toContain('ERR_OSPO_LAST_ADMIN');
    expect(res.stderr).toContain('ospo users set-role EMAIL admin');
    expect((await ospo(['users', 'set-role', 'nobody@example.org', 'viewer'], env)).code).toBe(2);
  });
});
