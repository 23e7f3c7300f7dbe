import { z } from 'zod';
import { ParseError } from '../../../core/errors.js';
import {
  expectVexShape,
  isTriageResponse,
  readJustification,
  readTimestamp,
  type TriageResponse,
  type TriageState,
  type VexDocument,
  type VexStatement,
  type VexWarning,
} from '../../../core/vex.js';
import { applyVersions, indexComponents, resolveRef, type VersionEntry } from './refs.js';

// `null` is read as absent: some producers write every field, empty ones as null
const text = z.string().nullish();
// the spec's own examples write a single response or version entry bare, without the list
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([z.array(item), item]).nullish();

const versionShape = z.looseObject({ version: text, range: text });
const vulnerabilityShape = z.looseObject({
  id: text,
  references: z.array(z.looseObject({ id: text })).nullish(),
  analysis: z
    .looseObject({
      state: text,
      justification: text,
      response: oneOrMany(z.string()),
      detail: text,
      firstIssued: text,
      lastUpdated: text,
    })
    .nullish(),
  affects: z.array(z.looseObject({ ref: z.string(), versions: oneOrMany(versionShape) })).nullish(),
});
type Vulnerability = z.infer<typeof vulnerabilityShape>;

const headerShape = z.looseObject({ bomFormat: z.literal('CycloneDX'), specVersion: z.string() });
const bomShape = z.looseObject({
  serialNumber: text,
  metadata: z.looseObject({ timestamp: text, component: z.unknown().optional() }).nullish(),
  components: z.array(z.unknown()).nullish(),
  vulnerabilities: z.array(vulnerabilityShape).nullish(),
});

const states: ReadonlyMap<string, TriageState> = new Map([
  ['resolved', 'resolved'],
  ['resolved_with_pedigree', 'resolved'],
  ['exploitable', 'exploitable'],
  ['in_triage', 'in_triage'],
  ['false_positive', 'false_positive'],
  ['not_affected', 'not_affected'],
]);

/** CycloneDX 1.4 to 1.7 `vulnerabilities[]` with their `analysis`, from JSON or from converted XML. */
export function readCycloneDxVex(doc: unknown): VexDocument {
  const { specVersion } = expectVexShape(headerShape, doc, 'CycloneDX document');
  if (!/^1\.[4-7]$/.test(specVersion)) {
    throw new ParseError('ERR_OSPO_VEX_UNSUPPORTED_VERSION', `CycloneDX ${specVersion} is not read as VEX`, {
      hint: 'CycloneDX carries vulnerabilities from 1.4 on; versions 1.4 to 1.7 are read.',
    });
  }
  const bom = expectVexShape(bomShape, doc, `CycloneDX ${specVersion} document`);
  const subject = bom.metadata?.component;
  const index = indexComponents([
    ...(subject === undefined || subject === null ? [] : [subject]),
    ...(bom.components ?? []),
  ]);
  const warnings: VexWarning[] = [];
  const bomTime = readTimestamp(bom.metadata?.timestamp, warnings, 'metadata.timestamp');
  const list = bom.vulnerabilities ?? [];
  if (list.length === 0)
    warnings.push({ code: 'ERR_OSPO_VEX_EMPTY', message: 'the BOM has no vulnerabilities' });
  const statements: VexStatement[] = [];
  list.forEach((v, i) => {
    const statement = readVulnerability(v, `vulnerabilities[${i}]`, index, bomTime, warnings);
    if (statement) statements.push(statement);
  });
  return { format: 'cyclonedx-vex', id: bom.serialNumber || null, statements, warnings };
}

function readVulnerability(
  v: Vulnerability,
  where: string,
  index: Map<string, string | null>,
  bomTime: string | null,
  warnings: VexWarning[],
): VexStatement | null {
  const vulnerability = v.id;
  if (!vulnerability) {
    warnings.push({ code: 'ERR_OSPO_VEX_NO_VULNERABILITY', message: `${where}: no id; skipped` });
    return null;
  }
  const analysis = v.analysis;
  if (!analysis) {
    // a vulnerability listed without analysis is an SBOM finding, not a triage decision
    warnings.push({
      code: 'ERR_OSPO_VEX_NO_ANALYSIS',
      message: `${where}: ${vulnerability} has no analysis; skipped`,
    });
    return null;
  }
  const state = analysis.state ? states.get(analysis.state) : undefined;
  if (!state) {
    warnings.push({
      code: 'ERR_OSPO_VEX_UNKNOWN_STATUS',
      message: `${where}: analysis state "${analysis.state ?? ''}" of ${vulnerability} is not a CycloneDX state; skipped`,
    });
    return null;
  }
  const { components, unresolved } = affected(v, index);
  if (components.length === 0 && unresolved.length === 0) {
    warnings.push({ code: 'ERR_OSPO_VEX_NO_PRODUCT', message: `${where}: ${vulnerability} affects nothing` });
  }
  const aliases = new Set((v.references ?? []).map((r) => r.id).filter((id): id is string => !!id));
  aliases.delete(vulnerability);
  return {
    vulnerability,
    aliases: [...aliases],
    components,
    unresolved,
    state,
    justification: readJustification(analysis.justification, warnings, where),
    response: responses(analysis.response, where, warnings),
    detail: analysis.detail || null,
    timestamp:
      readTimestamp(analysis.lastUpdated ?? analysis.firstIssued, warnings, `${where}.analysis`) ?? bomTime,
  };
}

function affected(v: Vulnerability, index: Map<string, string | null>) {
  const components = new Set<string>();
  const unresolved = new Set<string>();
  for (const a of v.affects ?? []) {
    const purl = resolveRef(a.ref, index);
    if (purl === null) {
      if (a.ref) unresolved.add(a.ref);
      continue;
    }
    const versions: VersionEntry[] =
      a.versions === undefined || a.versions === null ? [] : [a.versions].flat();
    const narrowed = applyVersions(purl, versions);
    for (const c of narrowed.components) components.add(c);
    for (const u of narrowed.unresolved) unresolved.add(u);
  }
  return { components: [...components], unresolved: [...unresolved] };
}

function responses(value: string | string[] | null | undefined, where: string, warnings: VexWarning[]) {
  const out = new Set<TriageResponse>();
  for (const r of value === undefined || value === null ? [] : [value].flat()) {
    if (isTriageResponse(r)) out.add(r);
    else
      warnings.push({ code: 'ERR_OSPO_VEX_UNKNOWN_RESPONSE', message: `${where}: response "${r}" ignored` });
  }
  return [...out];
}
