import type { SbomFormat } from '../../../core/inventory.js';
import { readCycloneDxXml } from './read.js';

/** Read only: ospokit writes CycloneDX as JSON. */
export const cycloneDxXml = {
  id: 'cyclonedx-xml',
  version: 1,
  detect: (content) =>
    /<bom\b[^>]*xmlns="http:\/\/cyclonedx\.org\/schema\/bom\//.test(content.slice(0, 4096)),
  read: (content, path) => {
    const { inventory, warnings } = readCycloneDxXml(content, path);
    return { ...inventory, warnings };
  },
} satisfies SbomFormat;
