import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';
import { freshPgliteDir } from '../support/stores.js';

let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = freshPgliteDir();
  env = { OSPO_DATA_DIR: dataDir };
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ospo usage', () => {
  it('prints help and version with exit 0', async () => {
    const help = await ospo(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'db', 'projects', 'users']) expect(help.stdout).toContain(command);
    const sub = await ospo(['projects', 'create', '--help'], env);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--relation <relation>');
    const version = await ospo(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers an unknown command or flag with a suggestion and exit 2', async () => {
    const cmd = await ospo(['serv'], env);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('Did you mean serve?');
    const flag = await ospo(['projects', 'list', '--formt', 'json'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Did you mean --format?');
    const choice = await ospo(['projects', 'list', '--format', 'yaml'], env);
    expect(choice.code).toBe(2);
  });
});

describe('ospo projects and db', () => {
  it('creates and lists projects as table and JSON', async () => {
    const created = await ospo(['projects', 'create', 'web-shop', '-d', 'The shop', '--format', 'json'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: 'web-shop',
      description: 'The shop',
      relation: 'uses',
    });
    const table = await ospo(['projects', 'list'], env);
    expect(table.stdout).toMatch(/NAME\s+LIFECYCLE/);
    expect(table.stdout).toContain('web-shop');
    const json = JSON.parse((await ospo(['projects', 'list', '-f', 'json'], env)).stdout) as {
      items: unknown[];
    };
    expect(json.items).toHaveLength(1);
  });

  it('reports a duplicate or invalid project with its code and exit 2', async () => {
    const dup = await ospo(['projects', 'create', 'WEB-SHOP'], env);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('[ERR_OSPO_CONFLICT]');
    expect(dup.stderr).toMatch(/^hint: /m);
    const bad = await ospo(['projects', 'create', 'a b'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[ERR_OSPO_VALIDATION]');
  });

  it('shows migration status and migrates idempotently', async () => {
    const status = JSON.parse((await ospo(['db', 'status', '-f', 'json'], env)).stdout) as {
      kind: string;
      migrations: { id: string; state: string }[];
    };
    expect(status.kind).toBe('pglite');
    expect(status.migrations.every((m) => m.state === 'applied')).toBe(true);
    const migrate = await ospo(['db', 'migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('up to date');
  });

  it('adds a user with the password from standard input, never echoing it', async () => {
    const res = await ospo(
      ['users', 'add', '--admin', '-e', 'Root@Example.com', '-n', 'Root'],
      env,
      'sufficiently long pw\n',
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('created admin root@example.com');
    expect(res.stdout + res.stderr).not.toContain('sufficiently long pw');
    const short = await ospo(['users', 'add', '-e', 'x@example.com', '-n', 'X'], env, 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('password');
  });
});

describe('ospo store errors', () => {
  it('names the PostgreSQL host but never the password when it is unreachable', async () => {
    const res = await ospo(['projects', 'list'], {
      DATABASE_URL: 'postgres://bob:hunter2-secret@127.0.0.1:1/ospo',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('127.0.0.1:1/ospo');
    expect(res.stderr).toContain('[ERR_OSPO_DATABASE_UNREACHABLE]');
    expect(res.stderr).not.toContain('hunter2-secret');
    expect(res.stderr.trim().split('\n')).toHaveLength(2); // the message and its hint
  });

  it('rejects a DATABASE_URL that is not a postgres URL', async () => {
    const res = await ospo(['projects', 'list'], { DATABASE_URL: 'mysql://x@y/z' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('[ERR_OSPO_CONFIG]');
  });

  it('refuses a data directory another ospo holds, naming it', async () => {
    const { createDatabase } = await import('../../src/store/index.js');
    const held = await createDatabase({ kind: 'pglite', dataDir });
    try {
      const res = await ospo(['projects', 'list'], env);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(dataDir);
      expect(res.stderr).toContain('[ERR_OSPO_STORE_LOCKED]');
    } finally {
      await held.close();
    }
  });
});
