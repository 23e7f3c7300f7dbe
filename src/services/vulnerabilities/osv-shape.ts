import { z } from 'zod';

/**
 * What import needs of an OSV record (schema 1.0 to 1.7): the fields it stores apart and indexes,
 * checked strictly enough that a document of another kind is refused; everything else is kept as
 * written in `raw`. Timestamps are RFC 3339 as the schema says.
 */
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an RFC 3339 timestamp');
const eventKinds = ['introduced', 'fixed', 'last_affected', 'limit'];
const event = z
  .record(z.string(), z.unknown())
  .refine(
    (e) =>
      Object.keys(e).filter((k) => eventKinds.includes(k)).length === 1 &&
      eventKinds.some((k) => typeof e[k] === 'string'),
    'an event has one of introduced, fixed, last_affected or limit, a string',
  );
const range = z.looseObject({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  repo: z.string().optional(),
  events: z.array(event).min(1),
});
const affected = z.looseObject({
  package: z
    .looseObject({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() })
    .optional(),
  ranges: z.array(range).optional(),
  versions: z.array(z.string()).optional(),
});

export const osvImportShape = z
  .looseObject({
    schema_version: z.string().optional(),
    id: z.string().min(1).max(200),
    modified: timestamp,
    published: timestamp.optional(),
    withdrawn: timestamp.optional(),
    aliases: z.array(z.string()).optional(),
    summary: z.string().optional(),
    severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).optional(),
    affected: z.array(affected).optional(),
  })
  .transform((r) => ({ ...r, raw: r as unknown }));
export type OsvImportRecord = z.output<typeof osvImportShape>;
