import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const pipfileLock = {
  id: 'pipfile-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'Pipfile.lock' || path.endsWith('/Pipfile.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}Pipfile`;
    const manifest = await input.readFile(manifestPath);
    const pipfile = manifest === null ? null : { path: manifestPath, content: manifest };
    return (await loadExtract()).extractPipfileLock(input.content, input.path, pipfile);
  },
} satisfies Extractor;
