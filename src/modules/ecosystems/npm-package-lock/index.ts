import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser's modules, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));
const loadGraph = onFirstUse(() => import('./graph.js'));

const hiddenLock = 'node_modules/.package-lock.json';

export const npmPackageLock = {
  id: 'npm-package-lock',
  version: 1,
  ecosystem: 'npm',
  installedMetadata: true,
  matches: (path) => {
    const segments = path.split('/');
    const base = segments.at(-1);
    const nested = segments.indexOf('node_modules');
    // Inside node_modules only the hidden lockfile of the tree it sits at the top of; not a package's own.
    if (nested >= 0) return base === '.package-lock.json' && nested === segments.length - 2;
    return base === 'package-lock.json' || base === 'npm-shrinkwrap.json';
  },
  extract: async (input) => {
    const lock = (await loadExtract()).parseNpmLock(input.content, input.path);
    if (!lock) return null;
    const hidden = input.path === hiddenLock || input.path.endsWith(`/${hiddenLock}`);
    let manifest = null;
    if (!lock.hasRoot) {
      const dir = hidden
        ? input.path.slice(0, -hiddenLock.length)
        : input.path.slice(0, input.path.lastIndexOf('/') + 1);
      const manifestPath = `${dir}package.json`;
      manifest = (await loadExtract()).manifestNode(await input.readFile(manifestPath), manifestPath);
    }
    return (await loadGraph()).npmLockResult(lock, manifest, hidden);
  },
} satisfies Extractor;
