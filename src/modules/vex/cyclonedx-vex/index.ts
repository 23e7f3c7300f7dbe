import type { VexFormat } from '../../../core/vex.js';
import { readCycloneDxVex } from './read.js';
import { cycloneDxXmlToJson } from './xml.js';

/** CycloneDX 1.4 to 1.7 BOMs (JSON or XML) whose `vulnerabilities[]` carry an `analysis`. */
export const cyclonedxVex = {
  id: 'cyclonedx-vex',
  version: 1,
  detect: (doc: unknown) =>
    typeof doc === 'object' && doc !== null && (doc as Record<string, unknown>).bomFormat === 'CycloneDX',
  read: readCycloneDxVex,
  parseText: cycloneDxXmlToJson,
} satisfies VexFormat;

export { readCycloneDxVex } from './read.js';
export { cycloneDxXmlToJson } from './xml.js';
