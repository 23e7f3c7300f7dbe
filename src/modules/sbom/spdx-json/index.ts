import type { SbomFormat } from '../../../core/inventory.js';
import { readSpdxJson } from './read.js';
import { writeSpdxJson } from './write.js';

export const spdxJson = {
  id: 'spdx-json',
  version: 1,
  detect: (content) => /^\s*\{/.test(content) && /"spdxVersion"\s*:/.test(content.slice(0, 65536)),
  read: (content, path) => {
    const { inventory, warnings } = readSpdxJson(content, path);
    return { ...inventory, warnings };
  },
  write: writeSpdxJson,
} satisfies SbomFormat;
