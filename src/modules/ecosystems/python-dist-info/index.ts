import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

/**
 * `<name>-<version>.dist-info/METADATA` anywhere; `PKG-INFO` in `.egg-info` or `.egg/EGG-INFO` folders and
 * single-file `.egg-info` metadata only where installed (in `site-packages` or `dist-packages`): elsewhere an
 * `.egg-info` folder is the project's own setuptools build output, not a dependency.
 */
function isInstalledMetadata(path: string): boolean {
  const parts = path.split('/');
  const [base = '', parent = '', grandparent = ''] = [...parts].reverse();
  if (base === 'METADATA') return parent.length > '.dist-info'.length && parent.endsWith('.dist-info');
  const installed = parts.some((p) => p === 'site-packages' || p === 'dist-packages');
  if (!installed) return false;
  if (base === 'PKG-INFO') {
    if (parent === 'EGG-INFO') return grandparent.endsWith('.egg');
    return parent.length > '.egg-info'.length && parent.endsWith('.egg-info');
  }
  // distutils installed a lone `name-version-pyX.Y.egg-info` file straight into site-packages
  return base.endsWith('.egg-info') && (parent === 'site-packages' || parent === 'dist-packages');
}

export const pythonDistInfo = {
  id: 'python-dist-info',
  version: 1,
  ecosystem: 'PyPI',
  installedMetadata: true,
  matches: isInstalledMetadata,
  extract: async (input) => (await loadExtract()).extractPythonMetadata(input.content, input.path),
} satisfies Extractor;
