import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { OspoError, ParseError } from '../../core/errors.js';
import { scopes } from '../../core/inventory.js';
import { licenseCategories } from '../../core/spdx/categories.js';
import { tryCorrectExpression } from '../../core/spdx/correct.js';
import { renderExpression, tryParseExpression } from '../../core/spdx/expression.js';
import { normalizeExpression } from '../../core/spdx/normalize.js';
import { defaultPolicy } from './default-policy.js';
import {
  distributionContexts,
  type LicensePolicy,
  type PolicyRule,
  scopeHandlings,
  verdicts,
} from './policy.js';
import { parseVersionRange } from './version-range.js';
import { waiverExpiresAt } from './waivers.js';

/**
 * Reading the `licenses:` section of ospo.yml. Everything is checked before anything is returned: an
 * unknown key, an unknown license id, a bad range or date fails the whole file with a ParseError whose
 * `details.issues` lists every problem with its line, so a typo can never leave a rule silently unapplied.
 * Other top-level sections of ospo.yml belong to other services and are not looked at.
 */

export interface PolicyIssue {
  readonly code: PolicyErrorCode;
  /** Path in the document, e.g. `licenses.rules.2.verdict`. */
  readonly path: string;
  readonly message: string;
  /** 1-based; 0 when the position is not known. */
  readonly line: number;
  readonly column: number;
}

export type PolicyErrorCode =
  | 'ERR_OSPO_POLICY_YAML'
  | 'ERR_OSPO_POLICY_UNKNOWN_KEY'
  | 'ERR_OSPO_POLICY_UNKNOWN_LICENSE'
  | 'ERR_OSPO_POLICY_INVALID';

const context = z.enum(distributionContexts);
const ruleSchema = z.strictObject({
  license: z.string().min(1).optional(),
  category: z.enum(licenseCategories).optional(),
  contexts: z.array(context).min(1).optional(),
  verdict: z.enum(verdicts),
  reason: z.string().optional(),
});
const waiverSchema = z.strictObject({
  id: z.string().min(1),
  package: z.string().min(1),
  version: z.string().min(1).default('*'),
  project: z.string().min(1).default('*'),
  license: z.string().min(1).optional(),
  reason: z.string().min(1),
  approver: z.string().min(1),
  expires: z.string().min(1),
});
const sectionSchema = z.strictObject({
  context: context.optional(),
  extends: z.enum(['default', 'none']).optional(),
  categories: z.record(z.string(), z.enum(licenseCategories)).optional(),
  rules: z.array(ruleSchema).optional(),
  scopes: z.partialRecord(z.enum(scopes), z.enum(scopeHandlings)).optional(),
  waivers: z.array(waiverSchema).optional(),
});
type Section = z.output<typeof sectionSchema>;

/**
 * The license policy of an ospo.yml text: its `licenses:` section over the defaults, or the default
 * policy when there is none. Throws ParseError (code of the first issue, all issues in `details.issues`).
 */
export function parsePolicyFile(text: string, source = 'ospo.yml'): LicensePolicy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const where = (path: readonly PropertyKey[]) => locate(doc.contents, lineCounter, path);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const message = (yamlError.message.split('\n')[0] ?? 'bad YAML').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    fail(source, [issue('ERR_OSPO_POLICY_YAML', [], message, pos?.line, pos?.col)]);
  }
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (root === null || root === undefined) return defaultPolicy;
  if (typeof root !== 'object' || Array.isArray(root)) {
    fail(source, [issue('ERR_OSPO_POLICY_INVALID', [], 'ospo.yml must be a mapping of sections', 1, 1)]);
  }
  const raw = (root as Record<string, unknown>).licenses;
  if (raw === undefined || raw === null) return defaultPolicy;
  const parsed = sectionSchema.safeParse(raw);
  if (!parsed.success)
    fail(
      source,
      parsed.error.issues.flatMap((each) => fromZod(each, where)),
    );
  const issues: PolicyIssue[] = [];
  const report: Report = (code, path, message) => {
    const pos = where(['licenses', ...path]);
    issues.push(issue(code, ['licenses', ...path], message, pos.line, pos.column));
  };
  const policy = build(parsed.data, report, (path) => where(['licenses', ...path]).line);
  if (issues.length > 0) fail(source, issues);
  return policy;
}

type Report = (code: PolicyErrorCode, path: PropertyKey[], message: string) => void;

function build(section: Section, report: Report, lineOf: (path: PropertyKey[]) => number): LicensePolicy {
  const categories: Record<string, (typeof licenseCategories)[number]> = {};
  for (const [key, category] of Object.entries(section.categories ?? {})) {
    const license = licenseId(key, report, ['categories', key], false);
    if (license) categories[license.license] = category;
  }
  const rules: PolicyRule[] = [];
  for (const [index, rule] of (section.rules ?? []).entries()) {
    const path = ['rules', index];
    const line = lineOf(path);
    const extra = {
      ...(rule.contexts ? { contexts: rule.contexts } : {}),
      ...(rule.reason ? { reason: rule.reason } : {}),
      ...(line > 0 ? { line } : {}),
    };
    if ((rule.license === undefined) === (rule.category === undefined)) {
      report('ERR_OSPO_POLICY_INVALID', path, 'a rule names either a license or a category');
    } else if (rule.category) {
      rules.push({ kind: 'category', category: rule.category, verdict: rule.verdict, ...extra });
    } else {
      const license = licenseId(rule.license ?? '', report, [...path, 'license'], true);
      if (license) rules.push({ kind: 'license', ...license, verdict: rule.verdict, ...extra });
    }
  }
  const seen = new Set<string>();
  const waivers = (section.waivers ?? []).map((waiver, index) => {
    const path = ['waivers', index];
    if (seen.has(waiver.id))
      report('ERR_OSPO_POLICY_INVALID', [...path, 'id'], `waiver id "${waiver.id}" is used twice`);
    seen.add(waiver.id);
    check(() => parseVersionRange(waiver.version), report, [...path, 'version']);
    check(() => waiverExpiresAt(waiver), report, [...path, 'expires']);
    if (waiver.license === undefined) return waiver;
    const parsed = tryParseExpression(waiver.license);
    if (!parsed.ok) {
      report(
        'ERR_OSPO_POLICY_UNKNOWN_LICENSE',
        [...path, 'license'],
        `${parsed.error.message}${suggestion(waiver.license)}`,
      );
      return waiver;
    }
    return { ...waiver, license: renderExpression(normalizeExpression(parsed.expression)) };
  });
  return {
    context: section.context ?? defaultPolicy.context,
    extends: section.extends ?? 'default',
    categories,
    rules,
    scopes: { ...defaultPolicy.scopes, ...section.scopes },
    waivers,
  };
}

/** A policy names one license: an id or LicenseRef, `WITH` an exception where allowed, never `+`. */
function licenseId(
  text: string,
  report: Report,
  path: PropertyKey[],
  exceptionAllowed: boolean,
): { license: string; exception?: string } | null {
  const parsed = tryParseExpression(text);
  if (!parsed.ok) {
    report('ERR_OSPO_POLICY_UNKNOWN_LICENSE', path, `${parsed.error.message}${suggestion(text)}`);
    return null;
  }
  const term = normalizeExpression(parsed.expression);
  if (term.type !== 'license' || term.plus || (term.exception !== undefined && !exceptionAllowed)) {
    const allowed = exceptionAllowed ? 'one license id, optionally WITH an exception' : 'one license id';
    report('ERR_OSPO_POLICY_INVALID', path, `"${text}" is not ${allowed} (a rule for X also covers X+)`);
    return null;
  }
  return term.exception === undefined
    ? { license: term.license }
    : { license: term.license, exception: term.exception };
}

function suggestion(text: string): string {
  const corrected = tryCorrectExpression(text);
  return corrected.ok && corrected.text !== text ? ` (did you mean "${corrected.text}"?)` : '';
}

function check(run: () => unknown, report: Report, path: PropertyKey[]): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof OspoError)) throw error;
    report('ERR_OSPO_POLICY_INVALID', path, error.message);
  }
}

function fromZod(
  zodIssue: z.core.$ZodIssue,
  where: (path: readonly PropertyKey[]) => Position,
): PolicyIssue[] {
  const path = ['licenses', ...zodIssue.path];
  if (zodIssue.code === 'unrecognized_keys') {
    return zodIssue.keys.map((key) => {
      const pos = where([...path, key]);
      return issue(
        'ERR_OSPO_POLICY_UNKNOWN_KEY',
        [...path, key],
        `unknown key "${key}"`,
        pos.line,
        pos.column,
      );
    });
  }
  const pos = where(path);
  // YAML reads 1.2 and 2026 as numbers; versions and ids want quotes
  const quote =
    zodIssue.code === 'invalid_type' && zodIssue.expected === 'string' ? '; put it in quotes' : '';
  return [issue('ERR_OSPO_POLICY_INVALID', path, `${zodIssue.message}${quote}`, pos.line, pos.column)];
}

function issue(
  code: PolicyErrorCode,
  path: readonly PropertyKey[],
  message: string,
  line = 0,
  column = 0,
): PolicyIssue {
  return { code, path: path.map(String).join('.'), message, line, column };
}

function fail(source: string, issues: PolicyIssue[]): never {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  const first = sorted[0] as PolicyIssue;
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : '';
  throw new ParseError(
    first.code,
    `${source}:${first.line}: ${first.path || '(root)'}: ${first.message}${more}`,
    {
      line: first.line,
      column: first.column,
      details: { source, issues: sorted },
      hint: 'Nothing from this policy was applied; fix the lines named and run again. See docs/guide/license-policy.md.',
    },
  );
}

type Position = { line: number; column: number };

/** Line and column of the key that holds `path` (or of the item, in a list); the nearest known parent otherwise. */
function locate(root: unknown, lineCounter: LineCounter, path: readonly PropertyKey[]): Position {
  let node: unknown = root;
  let at: number | undefined = (root as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown } | null)?.value) === String(segment),
      );
      if (!pair) break;
      at = (pair.key as Node | null)?.range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) break;
      at = (item as Node).range?.[0] ?? at;
      node = item;
    } else break;
  }
  if (at === undefined) return { line: 0, column: 0 };
  const pos = lineCounter.linePos(at);
  return { line: pos.line, column: pos.col };
}
