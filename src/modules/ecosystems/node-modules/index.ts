import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const nodeModules = {
  id: 'node-modules',
  version: 1,
  ecosystem: 'npm',
  installedMetadata: true,
  matches: (path) => {
    const [base, name = '', parent, grandparent] = path.split('/').reverse();
    if (base !== 'package.json' || name === '' || name.startsWith('.') || name === 'node_modules')
      return false;
    if (parent === 'node_modules') return !name.startsWith('@');
    // `node_modules/@scope/name/package.json`
    return parent !== undefined && /^@[^@]/.test(parent) && grandparent === 'node_modules';
  },
  extract: async (input) => (await loadExtract()).extractInstalledPackageJson(input.content, input.path),
} satisfies Extractor;
