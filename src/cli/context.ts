import os from 'node:os';
import { storeConfigFromEnv } from '../core/config.js';
import type { Actor } from '../services/actor.js';
import type { OpenStore } from '../store/index.js';
import type { CliIO } from './io.js';

/** The CLI acts on the store directly, as the local operator. */
export function localActor(): Actor {
  let name = 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { kind: 'local', name };
}

export interface CliStoreOptions {
  /**
   * A short command that reads or writes a little (not an import or a saved scan): PGlite starts
   * with a buffer cache of BRIEF_CACHE_MB, which it clears sooner than the default 128 MB.
   */
  brief?: boolean;
}

/** Half PostgreSQL's default: about 0.08 s less to start PGlite, and room for a large `ospo vulns`. */
export const BRIEF_CACHE_MB = 64;

/** Open the configured store (migrated); the caller closes it. */
export async function openConfiguredStore(io: CliIO, options: CliStoreOptions = {}): Promise<OpenStore> {
  const { openStore } = await import('../store/index.js');
  return openStore(storeConfigFromEnv(io.env, io.cwd), options.brief ? { cacheMB: BRIEF_CACHE_MB } : {});
}

/**
 * Open the configured store (migrated), run fn, always close. Brief unless told otherwise: the
 * commands that use it read or write a little, except an advisory import or sync.
 */
export async function withStore<T>(
  io: CliIO,
  fn: (store: OpenStore) => Promise<T>,
  options: CliStoreOptions = { brief: true },
): Promise<T> {
  const store = await openConfiguredStore(io, options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
