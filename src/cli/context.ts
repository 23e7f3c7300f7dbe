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

/** Open the configured store (migrated); the caller closes it. */
export async function openConfiguredStore(io: CliIO): Promise<OpenStore> {
  const { openStore } = await import('../store/index.js');
  return openStore(storeConfigFromEnv(io.env, io.cwd));
}

/** Open the configured store (migrated), run fn, always close. */
export async function withStore<T>(io: CliIO, fn: (store: OpenStore) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(io);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
