import type { Extractor } from '../../core/inventory.js';
import { cargoLock } from './cargo-lock/index.js';

/** Every lockfile and manifest format, one plug-in folder each. Adding one is a folder and a line here. */
export const extractors: readonly Extractor[] = [cargoLock];
