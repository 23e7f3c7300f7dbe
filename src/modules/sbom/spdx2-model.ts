import { ParseError } from '../../core/errors.js';
import type { Scope } from '../../core/inventory.js';
import { InventoryBuilder, projectNodePurl, type SbomReadResult, subjectOf } from './inventory-builder.js';
import { classifyLicense, normalizeSpdxExpression } from './licenses.js';

/** An SPDX 2.2/2.3 document as both serializations (JSON and tag-value) read into the same plain model. */
export interface Spdx2Document {
  spdxVersion: string;
  packages: Spdx2Package[];
  relationships: { from: string; type: string; to: string }[];
  /** `licenseId` of `hasExtractedLicensingInfos` to its `name`, to read our own `LicenseRef-`s back. */
  licenseNames: Map<string, string>;
}

export interface Spdx2Package {
  id: string;
  name?: string;
  version?: string;
  purl?: string;
  licenseDeclared?: string;
  licenseConcluded?: string;
  /** Carries our `ospokit:role=project` annotation: an edge end that is the project's own module. */
  project?: boolean;
}

export const spdx2Versions = ['SPDX-2.2', 'SPDX-2.3'];

export function checkSpdx2Version(version: string, path: string): void {
  if (spdx2Versions.includes(version)) return;
  throw new ParseError('ERR_OSPO_SBOM_VERSION', `${path}: ${version} is not supported`, {
    hint: `Supported SPDX versions: ${spdx2Versions.join(', ')} (and SPDX 3.0.1 JSON-LD).`,
  });
}

/** `X <type> Y` relationships that mean "Y depends on X", with the scope they give X. */
const dependencyOf: Record<string, Scope> = {
  DEPENDENCY_OF: 'unknown',
  RUNTIME_DEPENDENCY_OF: 'prod',
  DEV_DEPENDENCY_OF: 'dev',
  TEST_DEPENDENCY_OF: 'dev',
  BUILD_DEPENDENCY_OF: 'dev',
  OPTIONAL_DEPENDENCY_OF: 'optional',
  PROVIDED_DEPENDENCY_OF: 'peer',
};

/**
 * Packages with a purl of an OSV ecosystem become packages. `DEPENDS_ON` and the `*_DEPENDENCY_OF`
 * family become edges (the latter also give a scope); `CONTAINS` and the rest do not. The one package
 * the document `DESCRIBES` (when there are others) is the subject, not a package.
 */
export function inventoryFromSpdx2(doc: Spdx2Document): SbomReadResult {
  const builder = new InventoryBuilder();
  const described = doc.relationships.filter((r) => r.type === 'DESCRIBES' && r.from === 'SPDXRef-DOCUMENT');
  const describedIds = [...new Set(described.map((r) => r.to))];
  const subjectPackage =
    describedIds.length === 1 && doc.packages.length > 1
      ? doc.packages.find((p) => p.id === describedIds[0] && !p.project)
      : undefined;
  const subject = subjectPackage
    ? subjectOf(subjectPackage.name, subjectPackage.version, subjectPackage.purl)
    : undefined;

  const edges: { from: string; to: string }[] = [];
  const scopes = new Map<string, Scope>();
  for (const r of doc.relationships) {
    if (r.type === 'DEPENDS_ON') edges.push({ from: r.from, to: r.to });
    const scope = dependencyOf[r.type];
    if (scope === undefined) continue;
    edges.push({ from: r.to, to: r.from });
    if (scope !== 'unknown') scopes.set(r.from, scope);
  }

  const purls = new Map<string, string>();
  if (subjectPackage && subject?.purl) purls.set(subjectPackage.id, subject.purl);
  for (const p of doc.packages) {
    if (p === subjectPackage) continue;
    if (p.project) {
      const purl = projectNodePurl(p.purl);
      if (purl) purls.set(p.id, purl);
      continue;
    }
    const purl = builder.add({
      purl: p.purl,
      scope: scopes.get(p.id) ?? 'unknown',
      direct: null,
      licenses: licensesOf(p, doc.licenseNames),
      locations: [],
    });
    if (purl) purls.set(p.id, purl);
  }

  const direct = new Set<string>();
  let subjectHasEdges = false;
  for (const e of edges) {
    const fromSubject = subjectPackage !== undefined && e.from === subjectPackage.id;
    const to = purls.get(e.to);
    if (fromSubject) {
      subjectHasEdges = true;
      if (to) direct.add(to);
      if (!subject?.purl) continue;
    }
    builder.edge(purls.get(e.from), to);
  }
  if (subjectHasEdges) builder.markDirect(direct);
  return builder.build(subject);
}

/** The declared license, else the concluded one; NOASSERTION and NONE are no license. */
function licensesOf(p: Spdx2Package, names: Map<string, string>): string[] {
  for (const text of [p.licenseDeclared, p.licenseConcluded]) {
    const value = text?.trim();
    if (!value || value === 'NOASSERTION' || value === 'NONE') continue;
    return [names.get(value) ?? value];
  }
  return [];
}

/**
 * Licenses as one SPDX 2 expression: listed ids and expressions as they are, anything else as a
 * `LicenseRef-` whose name and text are the original string (declared in `hasExtractedLicensingInfos`).
 */
export function spdx2License(licenses: readonly string[]): {
  expression: string;
  extracted: { licenseId: string; name: string }[];
} {
  const extracted: { licenseId: string; name: string }[] = [];
  const parts: string[] = [];
  for (const license of licenses) {
    const kind = classifyLicense(license);
    if (kind.kind === 'name') {
      const licenseId = `LicenseRef-${kind.name.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
      extracted.push({ licenseId, name: kind.name });
      parts.push(licenseId);
      continue;
    }
    const text = kind.kind === 'id' ? kind.id : kind.expression;
    parts.push(licenses.length > 1 && / (AND|OR|WITH) /.test(text) ? `(${text})` : text);
  }
  const unique = [...new Set(parts)];
  const expression = unique.length
    ? (normalizeSpdxExpression(unique.join(' AND ')) ?? 'NOASSERTION')
    : 'NOASSERTION';
  return { expression, extracted };
}

/** SPDX ids allow letters, digits, `.` and `-` only. */
export function spdxIdFor(text: string, taken: Set<string>): string {
  const base = `SPDXRef-Package-${text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '')}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
