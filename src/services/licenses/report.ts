import type { LicenseEvidence, LicenseFileKind } from '../../core/licenses.js';

/** One file's licenses as `ospo license detect --format json` writes them (snake_case, stable). */
export interface FileEntry {
  path: string;
  kind: LicenseFileKind;
  license: string | null;
  confidence: number;
  matches: { id: string; kind: string; coverage: number; start_line: number; end_line: number }[];
  copyrights: string[];
  warnings?: { code: string; message: string; line?: number }[];
}

export interface HeaderSummary {
  files_scanned: number;
  files_with_header: number;
  licenses: { license: string; files: number }[];
  invalid: { path: string; line: number; message: string }[];
  /** Each file's header expression, with `--headers files`. */
  files?: { path: string; license: string | null; line: number }[];
}

export interface ProjectLicense {
  license: string | null;
  confidence: number;
  /** The files the project license was read from. */
  from: string[];
}

export interface DirectoryReport {
  path: string;
  project: ProjectLicense;
  files: FileEntry[];
  spdx_headers?: HeaderSummary;
  errors: { path: string; code: string; message: string; line?: number }[];
}

/** All evidence of one file as one entry: expressions that differ are ANDed, confidence is the lowest. */
export function toEntry(path: string, kind: LicenseFileKind, evidence: LicenseEvidence[]): FileEntry {
  const expressions = [...new Set(evidence.map((e) => e.expression).filter((e): e is string => e !== null))];
  const used = evidence.filter((e) => e.expression !== null);
  const warnings = evidence.flatMap((e) => e.warnings ?? []);
  return {
    path,
    kind,
    license: combineAnd(expressions),
    confidence:
      used.length === 0 ? (evidence[0]?.confidence ?? 1) : Math.min(...used.map((e) => e.confidence)),
    matches: evidence.flatMap((e) =>
      e.matches.map((m) => ({
        id: m.id,
        kind: m.kind,
        coverage: m.coverage,
        start_line: m.startLine,
        end_line: m.endLine,
      })),
    ),
    copyrights: [...new Set(evidence.flatMap((e) => e.copyrights))],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Expressions joined by AND, compound ones in parentheses; null for none. */
export function combineAnd(expressions: readonly string[]): string | null {
  const distinct = [...new Set(expressions)];
  if (distinct.length === 0) return null;
  if (distinct.length === 1) return distinct[0] ?? null;
  return distinct.map((e) => (/ (?:OR|AND) /.test(e) ? `(${e})` : e)).join(' AND ');
}
