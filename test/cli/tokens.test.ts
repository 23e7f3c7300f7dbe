import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/services/teams.js';
import { resolveToken } from '../../src/services/tokens.js';
import { openStore } from '../../src/store/index.js';
import { ospo } from '../support/cli.js';
import { freshPgliteDir } from '../support/stores.js';

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = freshPgliteDir();
  env = { OSPO_DATA_DIR: dataDir };
  expect(
    (await ospo(['users', 'add', '-e', 'ci@example.org', '-n', 'CI'], env, 'a long enough password\n')).code,
  ).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Listed {
  items: { id: string; name: string; state: string; scopes: string[]; owner: { kind: string } }[];
}

describe('ospo tokens', () => {
  it('creates a user token, printing the secret once on stdout and the note on stderr', async () => {
    const res = await ospo(
      [
        'tokens',
        'create',
        '--user',
        'ci@example.org',
        '--name',
        'shop CI',
        '--scope',
        'read',
        '--scope',
        'scan:write',
      ],
      env,
    );
    expect(res.code, res.stderr).toBe(0);
    const secret = res.stdout.trim();
    expect(secret).toMatch(/^ospo_[0-9A-Za-z]{40}$/);
    expect(res.stderr).toContain('not shown again');
    expect(res.stderr).toContain('read, scan:write');
    const list = await ospo(['tokens', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ID\s+NAME\s+PREFIX\s+OWNER/);
    expect(list.stdout).toContain('shop CI');
    expect(list.stdout).toContain(secret.slice(0, 9));
    expect(list.stdout).not.toContain(secret);
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      expect((await resolveToken(store, secret)).scopes).toEqual(['read', 'scan:write']);
    } finally {
      await store.close();
    }
  });

  it('creates a team token as JSON, lists it, and revokes it', async () => {
    // there is no `ospo teams` command yet: make the team directly
    const store = await openStore({ kind: 'pglite', dataDir });
    try {
      await createTeam(store, { kind: 'local', name: 'test' }, { name: 'shop' });
    } finally {
      await store.close();
    }
    const res = await ospo(
      [
        'tokens',
        'create',
        '--team',
        'shop',
        '-n',
        'deploy',
        '-s',
        'scan:write',
        '--expires',
        'never',
        '-f',
        'json',
      ],
      env,
    );
    expect(res.code, res.stderr).toBe(0);
    const created = JSON.parse(res.stdout) as { id: string; secret: string; expiresAt: string | null };
    expect(created.secret).toMatch(/^ospo_/);
    expect(created.expiresAt).toBeNull(); // the local operator may make tokens that never expire
    const listed = JSON.parse((await ospo(['tokens', 'list', '-f', 'json'], env)).stdout) as Listed;
    expect(listed.items.find((t) => t.id === created.id)).toMatchObject({
      name: 'deploy',
      owner: { kind: 'team' },
    });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const revoked = await ospo(['tokens', 'revoke', created.id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked token');
    const after = JSON.parse((await ospo(['tokens', 'list', '-f', 'json'], env)).stdout) as Listed;
    expect(after.items.map((t) => t.id)).not.toContain(created.id);
    const all = JSON.parse(
      (await ospo(['tokens', 'list', '--include-revoked', '-f', 'json'], env)).stdout,
    ) as Listed;
    expect(all.items.find((t) => t.id === created.id)?.state).toBe('revoked');
  });

  it('reports bad input with a code and exit 2', async () => {
    const noOwner = await ospo(['tokens', 'create', '--name', 'x'], env);
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toContain('[ERR_OSPO_TOKEN_OWNER]');
    expect(noOwner.stderr).toMatch(/^hint: /m);
    const badScope = await ospo(
      ['tokens', 'create', '--user', 'ci@example.org', '-n', 'x', '-s', 'write'],
      env,
    );
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('[ERR_OSPO_VALIDATION]');
    const badExpiry = await ospo(
      ['tokens', 'create', '--user', 'ci@example.org', '-n', 'x', '-e', 'someday'],
      env,
    );
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toContain('[ERR_OSPO_TOKEN_EXPIRY]');
    const unknown = await ospo(['tokens', 'revoke', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('[ERR_OSPO_NOT_FOUND]');
    const nobody = await ospo(['tokens', 'create', '--user', 'nobody@example.org', '-n', 'x'], env);
    expect(nobody.stderr).toContain('[ERR_OSPO_NOT_FOUND]');
  });
});
