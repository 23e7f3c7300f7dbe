import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

export const cargoLock = {
  id: 'cargo-lock',
  version: 1,
  ecosystem: 'crates.io',
  matches: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
  extract: async (input) => (await loadExtract()).extractCargoLock(input.content, input.path),
} satisfies Extractor;
