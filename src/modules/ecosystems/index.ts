import type { Extractor } from '../../core/inventory.js';
import { bunLock } from './bun-lock/index.js';
import { cargoLock } from './cargo-lock/index.js';
import { nodeModules } from './node-modules/index.js';
import { npmPackageLock } from './npm-package-lock/index.js';

/** Every lockfile and manifest format, one plug-in folder each. Adding one is a folder and a line here. */
export const extractors: readonly Extractor[] = [cargoLock, npmPackageLock, nodeModules, bunLock];
