import type { VexFormat } from '../../../core/vex.js';
import { readCsafVex } from './read.js';

/** CSAF 2.0 documents (the `csaf_vex` profile, and others read for their product statuses). */
export const csaf = {
  id: 'csaf',
  version: 1,
  detect: (doc: unknown) => {
    const document = isRecord(doc) ? doc.document : undefined;
    return isRecord(document) && typeof document.csaf_version === 'string';
  },
  read: readCsafVex,
} satisfies VexFormat;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { readCsafVex } from './read.js';
