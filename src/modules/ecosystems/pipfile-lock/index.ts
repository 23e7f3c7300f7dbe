import type { Extractor } from '../../../core/inventory.js';
import { extractPipfileLock } from './extract.js';

export const pipfileLock = {
  id: 'pipfile-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'Pipfile.lock' || path.endsWith('/Pipfile.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}Pipfile`;
    const manifest = await input.readFile(manifestPath);
    const pipfile = manifest === null ? null : { path: manifestPath, content: manifest };
    return extractPipfileLock(input.content, input.path, pipfile);
  },
} satisfies Extractor;
