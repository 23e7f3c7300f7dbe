import { z } from 'zod';
import { ParseError } from '../../../core/errors.js';
import {
  expectVexShape,
  type Justification,
  readJustification,
  readTimestamp,
  type TriageResponse,
  type TriageState,
  triageResponses,
  type VexDocument,
  type VexStatement,
  type VexWarning,
} from '../../../core/vex.js';
import { indexProducts, type ProductIndex, productTreeShape } from './product-tree.js';

const text = z.string().nullish();
const ids = z.array(z.string()).nullish();
const aboutProducts = { product_ids: ids, group_ids: ids };

const vulnerabilityShape = z.looseObject({
  cve: text,
  ids: z.array(z.looseObject({ system_name: text, text: z.string() })).nullish(),
  product_status: z
    .looseObject({
      known_not_affected: ids,
      known_affected: ids,
      first_affected: ids,
      last_affected: ids,
      fixed: ids,
      first_fixed: ids,
      under_investigation: ids,
    })
    .nullish(),
  flags: z.array(z.looseObject({ label: z.string(), ...aboutProducts })).nullish(),
  threats: z.array(z.looseObject({ category: z.string(), details: text, ...aboutProducts })).nullish(),
  remediations: z.array(z.looseObject({ category: z.string(), ...aboutProducts })).nullish(),
});
type Vulnerability = z.infer<typeof vulnerabilityShape>;

const documentShape = z.looseObject({
  document: z.looseObject({
    category: z.string(),
    csaf_version: z.string(),
    tracking: z.looseObject({ id: text, current_release_date: text }).nullish(),
  }),
  product_tree: productTreeShape.nullish(),
  vulnerabilities: z.array(vulnerabilityShape).nullish(),
});

// `recommended` is advice on which version to run, not a status of the listed products
const statusLists = [
  ['known_not_affected', 'not_affected'],
  ['known_affected', 'exploitable'],
  ['first_affected', 'exploitable'],
  ['last_affected', 'exploitable'],
  ['fixed', 'resolved'],
  ['first_fixed', 'resolved'],
  ['under_investigation', 'in_triage'],
] as const satisfies readonly (readonly [keyof NonNullable<Vulnerability['product_status']>, TriageState])[];

// null: a category CSAF knows that says nothing CycloneDX's responses can say (2.1's fix_planned)
const remediationResponses: ReadonlyMap<string, TriageResponse | null> = new Map([
  ['vendor_fix', 'update'],
  ['optional_patch', 'update'],
  ['workaround', 'workaround_available'],
  ['mitigation', 'workaround_available'],
  ['no_fix_planned', 'will_not_fix'],
  ['none_available', 'can_not_fix'],
  ['fix_planned', null],
]);

/** CSAF 2.0 (and 2.1) documents, read for their VEX content: product status, flags, threats, remediations. */
export function readCsafVex(doc: unknown): VexDocument {
  const csaf = expectVexShape(documentShape, doc, 'CSAF document');
  const { category, csaf_version: version, tracking } = csaf.document;
  if (version !== '2.0' && version !== '2.1') {
    throw new ParseError('ERR_OSPO_VEX_UNSUPPORTED_VERSION', `CSAF ${version} is not read`, {
      hint: 'CSAF 2.0 and 2.1 documents are read.',
    });
  }
  const warnings: VexWarning[] = [];
  if (category !== 'csaf_vex') {
    warnings.push({
      code: 'ERR_OSPO_VEX_NOT_VEX_PROFILE',
      message: `document.category is "${category}", not csaf_vex; its product statuses are read all the same`,
    });
  }
  const index = indexProducts(csaf.product_tree);
  const time = readTimestamp(
    tracking?.current_release_date,
    warnings,
    'document.tracking.current_release_date',
  );
  const list = csaf.vulnerabilities ?? [];
  if (list.length === 0)
    warnings.push({ code: 'ERR_OSPO_VEX_EMPTY', message: 'the document has no vulnerabilities' });
  const statements = list.flatMap((v, i) =>
    readVulnerability(v, `vulnerabilities[${i}]`, index, time, warnings),
  );
  return { format: 'csaf-vex', id: tracking?.id || null, statements, warnings };
}

function readVulnerability(
  v: Vulnerability,
  where: string,
  index: ProductIndex,
  time: string | null,
  warnings: VexWarning[],
): VexStatement[] {
  const names = [v.cve, ...(v.ids ?? []).map((i) => i.text)].filter((n): n is string => !!n);
  const vulnerability = names[0];
  if (vulnerability === undefined) {
    warnings.push({ code: 'ERR_OSPO_VEX_NO_VULNERABILITY', message: `${where}: no cve and no ids; skipped` });
    return [];
  }
  const aliases = [...new Set(names)].filter((n) => n !== vulnerability);
  const states = statesOf(v, vulnerability, where, warnings);
  if (states.size === 0) {
    warnings.push({
      code: 'ERR_OSPO_VEX_NO_STATUS',
      message: `${where}: ${vulnerability} gives no product status; skipped`,
    });
    return [];
  }
  const about = aboutOf(v, index, where, warnings);
  const groups = new Map<string, { statement: VexStatement; purls: Set<string>; others: Set<string> }>();
  const unknown = new Set<string>();
  for (const [id, productStates] of states) {
    if (!index.has(id)) unknown.add(id);
    for (const state of productStates) {
      // flags say why a product is not affected; on any other status they would contradict it
      const justification = state === 'not_affected' ? (about.justification.get(id) ?? null) : null;
      const given = about.responses.get(id);
      const response = triageResponses.filter((r) => given?.has(r));
      const detail = about.details.get(id)?.join('\n\n') ?? null;
      const key = JSON.stringify([state, justification, response, detail]);
      let group = groups.get(key);
      if (!group) {
        const statement = {
          vulnerability,
          aliases: [...aliases],
          components: [],
          unresolved: [],
          state,
          justification,
          response,
          detail,
          timestamp: time,
        };
        group = { statement, purls: new Set(), others: new Set() };
        groups.set(key, group);
      }
      const purl = index.purlOf(id);
      if (purl) group.purls.add(purl);
      else group.others.add(id);
    }
  }
  if (unknown.size > 0) {
    warnings.push({
      code: 'ERR_OSPO_VEX_UNKNOWN_PRODUCT',
      message: `${where}: ${unknown.size} product id(s) not in the product tree, kept unresolved: ${[...unknown].slice(0, 5).join(', ')}`,
    });
  }
  return [...groups.values()].map((g) => ({
    ...g.statement,
    components: [...g.purls],
    unresolved: [...g.others],
  }));
}

function statesOf(v: Vulnerability, vulnerability: string, where: string, warnings: VexWarning[]) {
  const states = new Map<string, TriageState[]>();
  for (const [list, state] of statusLists) {
    for (const id of v.product_status?.[list] ?? []) {
      if (!id) continue;
      const known = states.get(id) ?? [];
      if (!known.includes(state)) known.push(state);
      states.set(id, known);
    }
  }
  const contradicted = [...states].filter(([, s]) => s.length > 1).map(([id]) => id);
  if (contradicted.length > 0) {
    warnings.push({
      code: 'ERR_OSPO_VEX_CONTRADICTION',
      message: `${where}: ${vulnerability} gives several statuses for ${contradicted.slice(0, 5).join(', ')}; each is read`,
    });
  }
  return states;
}

/** Per product id: the justification its flags give, its impact details, the responses its remediations imply. */
function aboutOf(v: Vulnerability, index: ProductIndex, where: string, warnings: VexWarning[]) {
  const expand = (p: { product_ids?: string[] | null; group_ids?: string[] | null }) => [
    ...(p.product_ids ?? []),
    ...(p.group_ids ?? []).flatMap((g) => index.group(g)),
  ];
  const justification = new Map<string, Justification | null>();
  (v.flags ?? []).forEach((f, i) => {
    const value = readJustification(f.label, warnings, `${where}.flags[${i}]`);
    for (const id of expand(f)) if (!justification.has(id)) justification.set(id, value);
  });
  const details = new Map<string, string[]>();
  for (const t of v.threats ?? []) {
    if (t.category !== 'impact' || !t.details) continue;
    for (const id of expand(t)) {
      const known = details.get(id) ?? [];
      if (!known.includes(t.details)) known.push(t.details);
      details.set(id, known);
    }
  }
  const responses = new Map<string, Set<TriageResponse>>();
  (v.remediations ?? []).forEach((r, i) => {
    const response = remediationResponses.get(r.category);
    if (response === undefined) {
      warnings.push({
        code: 'ERR_OSPO_VEX_UNKNOWN_RESPONSE',
        message: `${where}.remediations[${i}]: category "${r.category}" ignored`,
      });
    }
    if (!response) return;
    for (const id of expand(r)) responses.set(id, (responses.get(id) ?? new Set()).add(response));
  });
  return { justification, details, responses };
}
