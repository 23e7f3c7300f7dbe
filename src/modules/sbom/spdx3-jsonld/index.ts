import type { SbomFormat } from '../../../core/inventory.js';
import { readSpdx3JsonLd } from './read.js';
import { writeSpdx3JsonLd } from './write.js';

export const spdx3JsonLd = {
  id: 'spdx3-jsonld',
  version: 1,
  detect: (content) => /^\s*\{/.test(content) && /spdx\.org\/rdf\/3/.test(content.slice(0, 65536)),
  read: (content, path) => {
    const { inventory, warnings } = readSpdx3JsonLd(content, path);
    return { ...inventory, warnings };
  },
  write: writeSpdx3JsonLd,
} satisfies SbomFormat;
