import type { VexFormat } from '../../../core/vex.js';
import { readOpenVex } from './read.js';

/** OpenVEX JSON(-LD) documents: `@context` on openvex.dev. */
export const openvex = {
  id: 'openvex',
  version: 1,
  detect: (doc: unknown) => isRecord(doc) && mentionsOpenVex(doc['@context']),
  read: readOpenVex,
} satisfies VexFormat;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// JSON-LD allows the context as one IRI or a list of them
function mentionsOpenVex(context: unknown): boolean {
  const all = Array.isArray(context) ? context : [context];
  return all.some((c) => typeof c === 'string' && /openvex/i.test(c));
}

export { readOpenVex } from './read.js';
