import type { SbomFormat } from '../../../core/inventory.js';
import { readSpdxTagValue } from './read.js';

/** Read only: ospokit writes SPDX 2 as JSON. */
export const spdxTagValue = {
  id: 'spdx-tag-value',
  version: 1,
  detect: (content) => /^\s*SPDXVersion:/m.test(content.slice(0, 4096)),
  read: (content, path) => {
    const { inventory, warnings } = readSpdxTagValue(content, path);
    return { ...inventory, warnings };
  },
} satisfies SbomFormat;
