import type { Extractor } from '../../../core/inventory.js';
import { extractCargoLock } from './extract.js';

export const cargoLock = {
  id: 'cargo-lock',
  version: 1,
  ecosystem: 'crates.io',
  matches: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
  extract: async (input) => extractCargoLock(input.content, input.path),
} satisfies Extractor;
