import type { VexStatement } from '../../core/vex.js';
import { readVex } from '../../modules/vex/index.js';
import { type Actor, actorName, authorize } from '../actor.js';
import type { Store, StoredFinding } from '../ports.js';
import { getProject } from '../projects.js';
import { findingSortKeyOf } from './findings.js';
import { cyclonedxVex, openVex, type VexFinding } from './formats.js';
import { asFinding } from './portfolio.js';

/** VEX in and out for a project's saved findings: documents set triage states; exports carry them. */

export interface VexImportReport {
  format: string;
  document: string | null;
  statements: number;
  /** Triage decisions recorded, one per finding a statement reached. */
  applied: { purl: string; advisory: string; state: string }[];
  /** Statements that matched no finding of the project's newest scan. */
  unmatched: { vulnerability: string; components: string[] }[];
  warnings: { code: string; message: string }[];
}

/**
 * Apply a VEX document (OpenVEX, CycloneDX VEX or CSAF VEX) to the findings of the project's newest
 * scan. A statement reaches a finding when one of its vulnerability ids is the finding's advisory or
 * an alias of it, and one of its components is the finding's package (a purl without a version names
 * every version). A statement that names only products that are not purls is taken to be about the
 * project itself and reaches every finding of its vulnerability. All decisions land in one transaction.
 */
export async function importVex(
  store: Store,
  actor: Actor,
  projectRef: string,
  text: string,
): Promise<VexImportReport> {
  authorize(actor, 'findings:triage');
  const doc = readVex(text);
  const project = await getProject(store, actor, projectRef);
  const findings = await allFindings(store, project.id);
  const report: VexImportReport = {
    format: doc.format,
    document: doc.id,
    statements: doc.statements.length,
    applied: [],
    unmatched: [],
    warnings: doc.warnings,
  };
  const decisions = new Map<string, { finding: StoredFinding; statement: VexStatement }>();
  for (const statement of doc.statements) {
    const reached = findings.filter((f) => reaches(statement, f));
    if (reached.length === 0) {
      report.unmatched.push({ vulnerability: statement.vulnerability, components: statement.components });
      continue;
    }
    // a later statement about the same finding wins, as the document reads top to bottom
    for (const f of reached) decisions.set(`${f.purl}\u0000${f.advisory}`, { finding: f, statement });
  }
  const name = actorName(actor);
  await store.transaction(async (repos) => {
    for (const { finding, statement } of decisions.values()) {
      await repos.findings.setTriage({
        projectId: project.id,
        purl: finding.purl,
        vulnId: finding.advisory,
        aliases: finding.aliases,
        state: statement.state,
        justification: statement.justification,
        response: statement.response,
        detail: statement.detail,
        source: `vex:${doc.format}`,
        actor: name,
      });
      report.applied.push({ purl: finding.purl, advisory: finding.advisory, state: statement.state });
    }
    await repos.audit.append({
      actor: name,
      action: 'finding.vex-import',
      targetType: 'project',
      targetId: project.id,
      details: {
        format: doc.format,
        document: doc.id,
        statements: doc.statements.length,
        applied: report.applied.length,
        unmatched: report.unmatched.length,
      },
    });
    if (report.applied.length > 0) await repos.findings.snapshot(project.id);
  });
  return report;
}

export const vexExportFormats = ['openvex', 'cyclonedx'] as const;

/** The project's findings with their decisions as an OpenVEX 0.2.0 or CycloneDX 1.6 VEX document. */
export async function exportVex(
  store: Store,
  actor: Actor,
  projectRef: string,
  format: (typeof vexExportFormats)[number],
  options: { toolVersion: string; timestamp: string },
): Promise<string> {
  authorize(actor, 'advisories:read');
  const project = await getProject(store, actor, projectRef);
  const findings: VexFinding[] = (await allFindings(store, project.id)).map((f) => ({
    ...asFinding(f),
    triage: f.triage,
  }));
  const vex = { ...options, subject: project.name };
  return format === 'openvex' ? openVex({ findings }, vex) : cyclonedxVex({ findings }, vex);
}

async function allFindings(store: Store, projectId: string): Promise<StoredFinding[]> {
  const out: StoredFinding[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.repos.findings.list({ projectId, limit: 1000, after });
    out.push(...page);
    const last = page[page.length - 1];
    if (page.length < 1000 || !last) return out;
    after = findingSortKeyOf(last);
  }
}

function reaches(statement: VexStatement, f: StoredFinding): boolean {
  const ids = new Set([statement.vulnerability, ...statement.aliases].map((id) => id.toUpperCase()));
  const named = ids.has(f.advisory.toUpperCase()) || f.aliases.some((a) => ids.has(a.toUpperCase()));
  if (!named) return false;
  // products that are no purls (the product's own name) are the project; a purl with a version range
  // the reader could not resolve narrows nothing, so it reaches nothing
  if (statement.components.length === 0) {
    return statement.unresolved.length > 0 && statement.unresolved.every((u) => !u.startsWith('pkg:'));
  }
  return statement.components.some((c) => samePackage(c, f.purl));
}

/** Purls compared decoded and without qualifiers or subpath; one without a version names every version. */
export function samePackage(statementPurl: string, findingPurl: string): boolean {
  const a = splitPurl(statementPurl);
  const b = splitPurl(findingPurl);
  if (!a || !b || a.name !== b.name) return false;
  return a.version === null || a.version === b.version;
}

function splitPurl(purl: string): { name: string; version: string | null } | null {
  if (!purl.startsWith('pkg:')) return null;
  const bare = purl.split('#')[0]?.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return null;
  }
  const at = decoded.lastIndexOf('@');
  if (at > decoded.lastIndexOf('/')) {
    return { name: decoded.slice(0, at), version: decoded.slice(at + 1) };
  }
  return { name: decoded, version: null };
}
