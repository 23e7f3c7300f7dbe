import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceUnavailableError } from '../core/errors.js';

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

const heldHere = new Set<string>();

/**
 * PGlite is one process's database: two processes writing one data directory corrupt it. A lock file
 * beside the data (created with O_EXCL) records the holder; a lock left by a dead process on this host
 * is taken over, anything else is refused with an error naming the directory and the holder.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'ospo.lock');
  if (heldHere.has(lockPath))
    throw lockedError(dataDir, { pid: process.pid, host: os.hostname(), startedAt: '' });
  fs.mkdirSync(dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      heldHere.add(lockPath);
      const release = () => releaseLock(lockPath, me);
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      if (holder && !isStale(holder)) throw lockedError(dataDir, holder);
      fs.rmSync(lockPath, { force: true }); // left by a process that is gone
    }
  }
  throw lockedError(dataDir, readHolder(lockPath));
}

function releaseLock(lockPath: string, me: LockHolder): void {
  heldHere.delete(lockPath);
  const holder = readHolder(lockPath);
  if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt)
    fs.rmSync(lockPath, { force: true });
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false; // cannot tell for another host: assume alive
  if (holder.pid === process.pid) return true; // our pid, but not held by us: left by an earlier process
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockedError(dataDir: string, holder: LockHolder | null): SourceUnavailableError {
  const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
  return new SourceUnavailableError(
    'ERR_OSPO_STORE_LOCKED',
    `data directory ${dataDir} is in use by ${who}`,
    {
      hint:
        'Stop the other ospo process, or set OSPO_DATA_DIR to another folder. ' +
        'Several processes can share one store on PostgreSQL (DATABASE_URL).',
      details: { dataDir, holder },
    },
  );
}
