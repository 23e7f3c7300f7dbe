import { z } from 'zod';
import {
  expectVexShape,
  isPurl,
  readJustification,
  readTimestamp,
  type TriageState,
  type VexDocument,
  type VexStatement,
  type VexWarning,
} from '../../../core/vex.js';

// `null` is read as absent: some producers write every field, empty ones as null
const text = z.string().nullish();

const componentShape = z.looseObject({
  '@id': text,
  identifiers: z.looseObject({ purl: text, cpe23: text, cpe22: text }).nullish(),
});
// 0.0.x wrote products and subcomponents as bare identifier strings
const component = z.union([z.string(), componentShape]);
const product = z.union([z.string(), componentShape.extend({ subcomponents: z.array(component).nullish() })]);
type Component = z.infer<typeof component>;

const statementShape = z.looseObject({
  vulnerability: z
    .union([z.string(), z.looseObject({ name: text, '@id': text, aliases: z.array(z.string()).nullish() })])
    .nullish(),
  products: z.array(product).nullish(),
  subcomponents: z.array(component).nullish(),
  status: text,
  justification: text,
  impact_statement: text,
  action_statement: text,
  timestamp: text,
});
type Statement = z.infer<typeof statementShape>;

const documentShape = z.looseObject({
  '@id': text,
  timestamp: text,
  statements: z.array(statementShape).nullish(),
});

const states: ReadonlyMap<string, TriageState> = new Map([
  ['not_affected', 'not_affected'],
  ['affected', 'exploitable'],
  ['fixed', 'resolved'],
  ['under_investigation', 'in_triage'],
]);

/** OpenVEX 0.2.0 and the 0.0.x drafts (string vulnerabilities and products, statement subcomponents). */
export function readOpenVex(doc: unknown): VexDocument {
  const parsed = expectVexShape(documentShape, doc, 'OpenVEX document');
  const warnings: VexWarning[] = [];
  const documentTime = readTimestamp(parsed.timestamp, warnings, 'timestamp');
  const statements: VexStatement[] = [];
  const list = parsed.statements ?? [];
  if (list.length === 0)
    warnings.push({ code: 'ERR_OSPO_VEX_EMPTY', message: 'the document has no statements' });
  list.forEach((s, i) => {
    const statement = readStatement(s, `statements[${i}]`, documentTime, warnings);
    if (statement) statements.push(statement);
  });
  return { format: 'openvex', id: parsed['@id'] || null, statements, warnings };
}

function readStatement(
  s: Statement,
  where: string,
  documentTime: string | null,
  warnings: VexWarning[],
): VexStatement | null {
  const { vulnerability, aliases } = vulnerabilityOf(s);
  if (!vulnerability) {
    warnings.push({
      code: 'ERR_OSPO_VEX_NO_VULNERABILITY',
      message: `${where}: no vulnerability named; skipped`,
    });
    return null;
  }
  const state = s.status ? states.get(s.status) : undefined;
  if (!state) {
    warnings.push({
      code: 'ERR_OSPO_VEX_UNKNOWN_STATUS',
      message: `${where}: status "${s.status ?? ''}" of ${vulnerability} is not an OpenVEX status; skipped`,
    });
    return null;
  }
  const { components, unresolved } = componentsOf(s);
  if (components.length === 0 && unresolved.length === 0) {
    warnings.push({
      code: 'ERR_OSPO_VEX_NO_PRODUCT',
      message: `${where}: ${vulnerability} names no product`,
    });
  }
  const details = [s.impact_statement, s.action_statement].filter((t): t is string => !!t);
  return {
    vulnerability,
    aliases,
    components,
    unresolved,
    state,
    justification: readJustification(s.justification, warnings, where),
    response: [],
    detail: details.length > 0 ? details.join('\n\n') : null,
    timestamp: readTimestamp(s.timestamp, warnings, `${where}.timestamp`) ?? documentTime,
  };
}

function vulnerabilityOf(s: Statement): { vulnerability: string | null; aliases: string[] } {
  const v = s.vulnerability;
  if (typeof v === 'string') return { vulnerability: v || null, aliases: [] };
  const vulnerability = v?.name || v?.['@id'] || null;
  const aliases = [...new Set(v?.aliases ?? [])].filter((a) => a && a !== vulnerability);
  return { vulnerability, aliases };
}

/**
 * The statement's subject: subcomponents when it names them (the vulnerable dependency inside the
 * product), else the products themselves.
 */
function componentsOf(s: Statement): { components: string[]; unresolved: string[] } {
  const purls = new Set<string>();
  const others = new Set<string>();
  const add = (c: Component) => {
    const id = identify(c);
    if (id) (isPurl(id) ? purls : others).add(id);
  };
  if (s.subcomponents?.length) s.subcomponents.forEach(add);
  else {
    for (const p of s.products ?? []) {
      if (typeof p !== 'string' && p.subcomponents?.length) p.subcomponents.forEach(add);
      else add(p);
    }
  }
  return { components: [...purls], unresolved: [...others] };
}

/** A purl when the component has one, else the best other identifier it gives (IRI, CPE). */
function identify(c: Component): string | null {
  if (typeof c === 'string') return c || null;
  const candidates = [c.identifiers?.purl, c['@id'], c.identifiers?.cpe23, c.identifiers?.cpe22];
  const present = candidates.filter((x): x is string => !!x);
  return present.find(isPurl) ?? present[0] ?? null;
}
