import type { Extractor } from '../../../core/inventory.js';
import { extractPoetryLock } from './extract.js';

export const poetryLock = {
  id: 'poetry-lock',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => path === 'poetry.lock' || path.endsWith('/poetry.lock'),
  extract: async (input) => {
    const manifestPath = `${input.path.slice(0, input.path.lastIndexOf('/') + 1)}pyproject.toml`;
    const manifest = await input.readFile(manifestPath);
    const pyproject = manifest === null ? null : { path: manifestPath, content: manifest };
    return extractPoetryLock(input.content, input.path, pyproject);
  },
} satisfies Extractor;
