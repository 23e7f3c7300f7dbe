/**
 * The license evidence vocabulary: what a license detector found in one file. Evidence only; whether a
 * license is allowed, denied or needs review is decided in services/compliance, never here.
 */

export const licenseEvidenceSources = [
  'declared',
  'license-file',
  'spdx-header',
  'readme',
  'registry',
] as const;
export type LicenseEvidenceSource = (typeof licenseEvidenceSources)[number];

/** How a match was made: a full license (or exception) text, a standard notice, a name, a header. */
export const licenseMatchKinds = ['text', 'exception', 'notice', 'reference', 'header', 'filename'] as const;
export type LicenseMatchKind = (typeof licenseMatchKinds)[number];

export interface LicenseMatch {
  /** SPDX license or exception id; `LicenseRef-ospo-*` for text we cannot name. */
  id: string;
  kind: LicenseMatchKind;
  /** Share of the reference text found, 0..1 (1 for names and headers). */
  coverage: number;
  startLine: number;
  endLine: number;
}

export interface LicenseWarning {
  code: string;
  message: string;
  line?: number;
}

export interface LicenseEvidence {
  /** An SPDX license expression, or null when the file states no license. */
  expression: string | null;
  source: LicenseEvidenceSource;
  /** How sure the detector is of `expression`, 0..1. Low for `LicenseRef-ospo-*` results. */
  confidence: number;
  /** The file's path as given to the detector (`/` separators). */
  path: string;
  startLine?: number;
  endLine?: number;
  matches: LicenseMatch[];
  /** Copyright statements as written, one per statement. */
  copyrights: string[];
  warnings?: LicenseWarning[];
}

/** What a file is to license detection; decided from its path (see license-text's `licenseFileKind`). */
export const licenseFileKinds = ['license', 'notice', 'readme', 'source'] as const;
export type LicenseFileKind = (typeof licenseFileKinds)[number];

export interface LicenseInput {
  path: string;
  /** Raw bytes (decoded and checked by the detector) or already decoded text. */
  content: Uint8Array | string;
  kind: LicenseFileKind;
  /** Larger content is refused with ERR_OSPO_FILE_TOO_LARGE. Default 10 MiB. */
  maxBytes?: number;
}

/** One license evidence detector. Pure: no file system or network access but through `input`. */
export interface LicenseDetector {
  /** Folder name under src/modules/licenses, e.g. `license-text`. */
  readonly id: string;
  /** Bumped whenever output for the same input changes; stored with what it produced. */
  readonly version: number;
  /** Evidence found in the input; an empty list when there is none. Unusable input throws a coded error. */
  detect(input: LicenseInput): Promise<LicenseEvidence[]>;
}

export const DEFAULT_MAX_LICENSE_BYTES = 10 * 1024 * 1024;

/** Prefix of the ids ospokit makes up for license text it cannot name. */
export const UNKNOWN_LICENSE_REF = 'LicenseRef-ospo-unknown';
export const MODIFIED_LICENSE_REF_PREFIX = 'LicenseRef-ospo-modified-';
