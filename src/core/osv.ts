import { z } from 'zod';
import { ParseError } from './errors.js';
import { normalizePypiName } from './purl.js';

/**
 * The parts of an OSV record (ossf.github.io/osv-schema) that matching uses. Unknown fields are dropped;
 * the record is kept whole elsewhere. An event object names exactly one of its four kinds, as the schema
 * requires; a record that breaks that is refused, not guessed at.
 */

const event = z
  .object({
    introduced: z.string().min(1).optional(),
    fixed: z.string().min(1).optional(),
    last_affected: z.string().min(1).optional(),
    limit: z.string().min(1).optional(),
  })
  .refine((e) => Object.values(e).filter((v) => v !== undefined).length === 1, {
    message: 'an event has exactly one of introduced, fixed, last_affected, limit',
  });

export const osvRange = z.object({
  type: z.string().min(1),
  repo: z.string().optional(),
  events: z.array(event),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

const severity = z.object({ type: z.string(), score: z.string() });

const affected = z.object({
  package: z.object({
    ecosystem: z.string().min(1),
    name: z.string().min(1),
    purl: z.string().optional(),
  }),
  severity: z.array(severity).optional(),
  ranges: z.array(osvRange).default([]),
  versions: z.array(z.string()).default([]),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const osvRecord = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string().min(1),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  related: z.array(z.string()).default([]),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severity).default([]),
  affected: z.array(affected).default([]),
  references: z.array(z.object({ type: z.string(), url: z.string() })).default([]),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export type OsvRecord = z.output<typeof osvRecord>;
export type OsvAffected = OsvRecord['affected'][number];
export type OsvRange = OsvAffected['ranges'][number];
export type OsvEvent = OsvRange['events'][number];

/** Read one OSV record; throws ParseError ERR_OSPO_OSV_RECORD naming the first bad field. */
export function parseOsvRecord(value: unknown, source = 'OSV record'): OsvRecord {
  const result = osvRecord.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ParseError('ERR_OSPO_OSV_RECORD', `${source}: not an OSV record (${field}: ${issue?.message})`, {
    hint: 'Expected a record of the OSV schema (ossf.github.io/osv-schema).',
  });
}

/**
 * A package name as OSV and the inventory both spell it, for matching: PyPI by PEP 503 (the same rule as
 * purl.ts), names their registries treat case-insensitively in lower case (NuGet, Packagist, crates.io,
 * which also takes `-` and `_` as one, GitHub Actions), every other name exactly as written.
 */
export function normalizeOsvPackageName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':')[0];
  const trimmed = name.trim();
  switch (base) {
    case 'PyPI':
      return normalizePypiName(trimmed);
    case 'crates.io':
      return trimmed.toLowerCase().replaceAll('-', '_');
    case 'NuGet':
    case 'Packagist':
    case 'GitHub Actions':
      return trimmed.toLowerCase();
    default:
      return trimmed;
  }
}
