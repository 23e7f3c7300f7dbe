import type { Extractor } from '../../../core/inventory.js';
import { extractPdmLock } from './extract.js';

export const pdmLock = {
  id: 'pdm-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'pdm.lock' || path.endsWith('/pdm.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}pyproject.toml`;
    const manifest = await input.readFile(manifestPath);
    const pyproject = manifest === null ? null : { path: manifestPath, content: manifest };
    return extractPdmLock(input.content, input.path, pyproject);
  },
} satisfies Extractor;
