import type { Migration } from '../migrator.js';
import { foundation } from './0001_foundation.js';

/** Every migration, oldest first. Forward-only: never edit one that has shipped; add a new one. */
export const migrations: readonly Migration[] = [foundation];
