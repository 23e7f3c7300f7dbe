import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

/** `pylock.toml` and named lock files `pylock.<name>.toml` (PEP 751: the name holds no dot). */
const PYLOCK = /(^|\/)pylock\.(?:[^./]+\.)?toml$/;

export const pylockToml = {
  id: 'pylock-toml',
  version: 1,
  ecosystem: 'PyPI',
  matches: (path) => PYLOCK.test(path),
  extract: async (input) => (await loadExtract()).extractPylock(input.content, input.path),
} satisfies Extractor;
