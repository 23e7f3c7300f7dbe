import type { Extractor } from '../../../core/inventory.js';
import { extractPylock } from './extract.js';

/** `pylock.toml` and named lock files `pylock.<name>.toml` (PEP 751: the name holds no dot). */
const PYLOCK = /(^|\/)pylock\.(?:[^./]+\.)?toml$/;

export const pylockToml = {
  id: 'pylock-toml',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => PYLOCK.test(path),
  extract: async (input) => extractPylock(input.content, input.path),
} satisfies Extractor;
