import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../src/core/errors.js';
import { createDatabase } from '../../src/store/index.js';
import { freshPgliteDir } from '../support/stores.js';

async function codeOf(promise: Promise<unknown>): Promise<OspoError> {
  try {
    await promise;
  } catch (error) {
    return error as OspoError;
  }
  throw new Error('expected an error');
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return files;
}

describe('PGlite data directory', () => {
  it('refuses a second opener in the same process, naming the directory, and frees it on close', async () => {
    const dataDir = freshPgliteDir();
    const first = await createDatabase({ kind: 'pglite', dataDir });
    const error = await codeOf(createDatabase({ kind: 'pglite', dataDir }));
    expect(error.code).toBe('ERR_OSPO_STORE_LOCKED');
    expect(error.message).toContain(dataDir);
    await first.close();
    const again = await createDatabase({ kind: 'pglite', dataDir });
    await again.close();
    fs.rmSync(dataDir, { recursive: true });
  });

  it('starts with the buffer cache a short command asks for, and the default otherwise', async () => {
    const dataDir = freshPgliteDir();
    const setting = async (options: { cacheMB?: number }) => {
      const db = await createDatabase({ kind: 'pglite', dataDir }, options);
      try {
        const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db.db);
        return rows[0]?.shared_buffers;
      } finally {
        await db.close();
      }
    };
    expect(await setting({ cacheMB: 16 })).toBe('16MB');
    expect(await setting({})).toBe('128MB');
    fs.rmSync(dataDir, { recursive: true });
  });

  it('refuses a directory held by another live process', async () => {
    const dataDir = freshPgliteDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(
        path.join(dataDir, 'ospo.lock'),
        JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), startedAt: 'x' }),
      );
      const error = await codeOf(createDatabase({ kind: 'pglite', dataDir }));
      expect(error.code).toBe('ERR_OSPO_STORE_LOCKED');
      expect(error.message).toContain(`process ${holder.pid}`);
    } finally {
      holder.kill();
    }
    fs.rmSync(dataDir, { recursive: true });
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = freshPgliteDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const host = (await import('node:os')).hostname();
    fs.writeFileSync(
      path.join(dataDir, 'ospo.lock'),
      JSON.stringify({ pid: dead.pid, host, startedAt: 'x' }),
    );
    const db = await createDatabase({ kind: 'pglite', dataDir });
    await db.close();
    expect(fs.existsSync(path.join(dataDir, 'ospo.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true });
  });

  it('refuses a folder of files that are not a database, and leaves them untouched', async () => {
    const dataDir = freshPgliteDir({ migrate: false });
    fs.mkdirSync(path.join(dataDir, 'pglite'));
    fs.writeFileSync(path.join(dataDir, 'pglite', 'notes.txt'), 'precious');
    const error = await codeOf(createDatabase({ kind: 'pglite', dataDir }));
    expect(error.code).toBe('ERR_OSPO_STORE_CORRUPT');
    expect(fs.readdirSync(path.join(dataDir, 'pglite'))).toEqual(['notes.txt']);
    expect(fs.existsSync(path.join(dataDir, 'ospo.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true });
  });

  it('reports a corrupt database clearly and overwrites nothing', async () => {
    const dataDir = freshPgliteDir();
    fs.writeFileSync(path.join(dataDir, 'pglite', 'global', 'pg_control'), 'garbage');
    const before = snapshot(dataDir);
    const error = await codeOf(createDatabase({ kind: 'pglite', dataDir }));
    expect(error.code).toBe('ERR_OSPO_STORE_CORRUPT');
    expect(error.hint).toMatch(/Nothing was overwritten/);
    expect(snapshot(dataDir)).toEqual(before);
    fs.rmSync(dataDir, { recursive: true });
  });
});

describe('PostgreSQL connection errors', () => {
  it('names the host, never the password, when the server cannot be reached', async () => {
    const url = 'postgres://alice:s3cret-pw@127.0.0.1:1/ospo';
    const error = await codeOf(createDatabase({ kind: 'postgres', url }));
    expect(error.code).toBe('ERR_OSPO_DATABASE_UNREACHABLE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('127.0.0.1:1/ospo');
    expect(error.message).not.toContain('s3cret-pw');
    expect(error.message).not.toContain('alice');
  });
});
