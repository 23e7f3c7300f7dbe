import fs from 'node:fs';
import path from 'node:path';
import { licenseIndexStore } from '../../modules/licenses/license-text/index.js';

let prepared = false;

/**
 * Make the SPDX license index ready: restored from `cacheDir` when a copy built by this code and
 * data is there, else built and saved there for the next process. Cache trouble (unwritable folder,
 * a damaged file) only costs the build, never the detection.
 */
export function prepareLicenseIndex(cacheDir: string | undefined): void {
  if (prepared || !cacheDir) return;
  prepared = true;
  const file = path.join(cacheDir, `license-index-${licenseIndexStore.fingerprint()}.bin`);
  try {
    if (licenseIndexStore.restore(fs.readFileSync(file))) return;
  } catch {
    // not there yet (or unreadable): build below
  }
  const bytes = licenseIndexStore.save();
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
  } catch {
    // a read-only home or a full disk: the next process builds again
  }
}

/** Where the CLI keeps the index: OSPO_CACHE_DIR (`off` for nowhere), else XDG_CACHE_HOME or ~/.cache. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const explicit = env.OSPO_CACHE_DIR;
  if (explicit !== undefined) return explicit === '' || explicit === 'off' ? undefined : explicit;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'ospokit');
  if (env.HOME) return path.join(env.HOME, '.cache', 'ospokit');
  return undefined;
}
