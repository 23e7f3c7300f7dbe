import { type Actor, can, type Permission } from './actor.js';
import type { Store } from './ports.js';
import { projectScope } from './scope.js';

/**
 * Portfolio-wide summaries (the home page, the license and vulnerability summaries) read every
 * project's newest scan; they are kept per store and per view (what the caller may read, and which
 * teams' projects) and reused while the store's change stamp is the same: the newest audit entry and
 * the newest matching (every change that moves these numbers writes one or the other, in this process
 * or in a worker). Time moves them too (a waiver lapses, a project goes stale, a day ends), so an
 * answer is reused for at most MAX_AGE_MS; past that the kept one is still served while a fresh one
 * is computed in the background, so callers never queue behind the recomputation. Concurrent callers
 * of the same view share one computation.
 */

export const MAX_AGE_MS = 30_000;
const MAX_VIEWS = 100;

interface Entry {
  stamp: string;
  at: number;
  value: Promise<unknown>;
  refreshing: boolean;
}

const stores = new WeakMap<Store, Map<string, Entry>>();

export async function cachedSummary<T>(
  store: Store,
  actor: Actor,
  name: string,
  permissionsRead: readonly Permission[],
  compute: () => Promise<T>,
  clock: () => number = Date.now,
): Promise<T> {
  const scope = await projectScope(store, actor);
  const view = JSON.stringify([
    name,
    permissionsRead.map((p) => can(actor, p)),
    scope ? [...scope.teamIds].sort() : null,
  ]);
  const stamp = await store.repos.audit.changeStamp();
  let entries = stores.get(store);
  if (!entries) {
    entries = new Map();
    stores.set(store, entries);
  }
  const now = clock();
  const kept = entries.get(view);
  if (kept && kept.stamp === stamp) {
    if (now - kept.at >= MAX_AGE_MS && !kept.refreshing) {
      kept.refreshing = true;
      const next = compute();
      next.then(
        () => {
          if (entries.get(view) === kept)
            entries.set(view, { stamp, at: clock(), value: next, refreshing: false });
        },
        () => {
          kept.refreshing = false; // keep the old answer; the next request tries again
        },
      );
    }
    return kept.value as Promise<T>;
  }
  const value = compute();
  const entry: Entry = { stamp, at: now, value, refreshing: false };
  entries.set(view, entry);
  value.catch(() => {
    if (entries.get(view) === entry) entries.delete(view);
  });
  if (entries.size > MAX_VIEWS) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  return value;
}
