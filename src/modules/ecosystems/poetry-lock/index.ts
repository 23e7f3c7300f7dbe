import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const poetryLock = {
  id: 'poetry-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'poetry.lock' || path.endsWith('/poetry.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}pyproject.toml`;
    const manifest = await input.readFile(manifestPath);
    const pyproject = manifest === null ? null : { path: manifestPath, content: manifest };
    return (await loadExtract()).extractPoetryLock(input.content, input.path, pyproject);
  },
} satisfies Extractor;
