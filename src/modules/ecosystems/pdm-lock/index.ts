import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const pdmLock = {
  id: 'pdm-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'pdm.lock' || path.endsWith('/pdm.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}pyproject.toml`;
    const manifest = await input.readFile(manifestPath);
    const pyproject = manifest === null ? null : { path: manifestPath, content: manifest };
    return (await loadExtract()).extractPdmLock(input.content, input.path, pyproject);
  },
} satisfies Extractor;
