/**
 * Triage vocabulary and VEX statements: what a person (or a VEX document) decided about one
 * vulnerability in one component. States follow CycloneDX's analysis states; OpenVEX and CSAF statuses
 * map onto them. Justifications keep the vocabulary they came in (CycloneDX or OpenVEX/CSAF flags);
 * exporters translate.
 */

import type { z } from 'zod';
import { ParseError } from './errors.js';

export const triageStates = [
  'in_triage',
  'exploitable',
  'resolved',
  'false_positive',
  'not_affected',
] as const;
export type TriageState = (typeof triageStates)[number];

/** CycloneDX 1.6 `analysis.justification`. */
export const cyclonedxJustifications = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/** OpenVEX 0.2.0 justifications, which are also CSAF 2.0's `flags[].label` values. */
export const openvexJustifications = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

export const justifications = [...cyclonedxJustifications, ...openvexJustifications] as const;
export type Justification = (typeof justifications)[number];

/** CycloneDX 1.6 `analysis.response`. */
export const triageResponses = [
  'can_not_fix',
  'will_not_fix',
  'update',
  'rollback',
  'workaround_available',
] as const;
export type TriageResponse = (typeof triageResponses)[number];

/** One decision read from a VEX document. */
export interface VexStatement {
  /** The vulnerability as the document names it: CVE-…, GHSA-…, or another id. */
  vulnerability: string;
  /** Other ids the document gives for the same vulnerability. */
  aliases: string[];
  /**
   * The components the statement is about, as purls where the document gives them (OpenVEX
   * subcomponents, or products when there are none; CycloneDX `affects` resolved to component purls;
   * CSAF products' purl helpers). A purl without a version means every version.
   */
  components: string[];
  /** Component identifiers the document gave that are not purls (kept for the import report). */
  unresolved: string[];
  state: TriageState;
  justification: Justification | null;
  response: TriageResponse[];
  /** Free text: CycloneDX `detail`, OpenVEX `impact_statement`/`action_statement`, CSAF threat details. */
  detail: string | null;
  /** When the document says the statement was made, ISO 8601, or null. */
  timestamp: string | null;
}

export interface VexDocument {
  /** `openvex`, `cyclonedx-vex` or `csaf-vex`. */
  format: string;
  /** The document's own id (OpenVEX @id, CycloneDX serialNumber, CSAF tracking id), if any. */
  id: string | null;
  statements: VexStatement[];
  /** Statements that were skipped, with why (unknown status, missing vulnerability, …). */
  warnings: { code: string; message: string }[];
}

export type VexWarning = VexDocument['warnings'][number];

/**
 * One VEX format (a folder under src/modules/vex). Pure: a parsed document in, statements out.
 * Malformed documents throw a coded ParseError (`ERR_OSPO_VEX_*`); a statement that cannot be used
 * (unknown status, no vulnerability) is skipped with a warning and the rest are read.
 */
export interface VexFormat {
  /** Folder name under src/modules/vex. */
  readonly id: string;
  /** Bumped whenever the same document would read differently. */
  readonly version: number;
  /** Whether a parsed document is this format's, from its header alone; never throws. */
  detect(doc: unknown): boolean;
  read(doc: unknown): VexDocument;
  /**
   * For a format also written as something other than JSON (CycloneDX XML): the document `read`
   * takes, or null when the text is not this format's.
   */
  parseText?(text: string): unknown;
}

const justificationSet: ReadonlySet<string> = new Set(justifications);
const responseSet: ReadonlySet<string> = new Set(triageResponses);

export function isJustification(value: string): value is Justification {
  return justificationSet.has(value);
}

export function isTriageResponse(value: string): value is TriageResponse {
  return responseSet.has(value);
}

/** A loose purl check: the matcher normalizes purls; this only keeps CPEs, IRIs and bom-refs out. */
export function isPurl(value: string): boolean {
  return /^pkg:[A-Za-z][A-Za-z0-9.+-]*\/[^\s]+$/.test(value);
}

/** A justification from a document; one outside the vocabulary is a warning and becomes null. */
export function readJustification(
  value: string | null | undefined,
  warnings: VexWarning[],
  where: string,
): Justification | null {
  if (value === null || value === undefined || value === '') return null;
  if (isJustification(value)) return value;
  warnings.push({
    code: 'ERR_OSPO_VEX_UNKNOWN_JUSTIFICATION',
    message: `${where}: justification "${value}" is not a known one; read as none`,
  });
  return null;
}

// RFC 3339, and the date-only and zone-less forms some producers write
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A document's timestamp as ISO 8601 in UTC, so statements from different formats sort together;
 * one that is not a date is a warning and becomes null.
 */
export function readTimestamp(
  value: string | null | undefined,
  warnings: VexWarning[],
  where: string,
): string | null {
  if (value === null || value === undefined || value === '') return null;
  const match = isoPattern.exec(value);
  // a time without a zone would otherwise be read in this machine's zone: take it as UTC
  const ms = match
    ? Date.parse(match[1] === undefined && value.length > 10 ? `${value}Z` : value)
    : Number.NaN;
  if (Number.isFinite(ms)) return new Date(ms).toISOString();
  warnings.push({
    code: 'ERR_OSPO_VEX_BAD_TIMESTAMP',
    message: `${where}: "${value}" is not a date; ignored`,
  });
  return null;
}

/**
 * Check a parsed document against a reader's schema; a mismatch is a ParseError naming the first
 * bad field, so a malformed document never surfaces as a TypeError further on.
 */
export function expectVexShape<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = problems[0];
  throw new ParseError(
    'ERR_OSPO_VEX_INVALID',
    `not a valid ${what} (${first ? `${first.path}: ${first.message}` : 'invalid'})`,
    {
      details: { problems },
      hint: `Check the document against the ${what} schema; the field named is wrong.`,
    },
  );
}
