import type { z } from 'zod';
import { osvRecord } from '../../core/osv.js';

const timestamps = ['modified', 'published', 'withdrawn'] as const;

/**
 * What import accepts: an OSV record as core/osv.ts reads it, whose timestamps are real RFC 3339
 * dates (the store keeps them as timestamps, so a bad one must be refused here, not fail a batch).
 */
export const osvImportShape = osvRecord.superRefine((record, ctx) => {
  for (const field of timestamps) {
    const value = record[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'not an RFC 3339 timestamp' });
    }
  }
});
export type OsvImportRecord = z.output<typeof osvImportShape>;
