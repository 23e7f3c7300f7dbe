import type { SbomFormat } from '../../../core/inventory.js';
import { readCycloneDxJson } from './read.js';
import { writeCycloneDxJson } from './write.js';

export const cycloneDxJson = {
  id: 'cyclonedx-json',
  version: 1,
  detect: (content) => /"bomFormat"\s*:\s*"CycloneDX"/.test(content.slice(0, 65536)),
  read: (content, path) => {
    const { inventory, warnings } = readCycloneDxJson(content, path);
    return { ...inventory, warnings };
  },
  write: writeCycloneDxJson,
} satisfies SbomFormat;
