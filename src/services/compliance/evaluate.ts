import type { Ecosystem, Scope } from '../../core/inventory.js';
import {
  type LicenseCategory,
  licenseCategories,
  type TermCategory,
  termCategory,
} from '../../core/spdx/categories.js';
import { type Correction, tryCorrectExpression } from '../../core/spdx/correct.js';
import {
  allOf,
  type LicenseTerm,
  licenseTerm,
  renderExpression,
  renderTerm,
  type SpdxExpression,
} from '../../core/spdx/expression.js';
import { UNKNOWN_LICENSE } from '../../core/spdx/names.js';
import { normalizeExpression } from '../../core/spdx/normalize.js';
import { defaultRules } from './default-policy.js';
import {
  type DistributionContext,
  describeRule,
  type LicensePolicy,
  type PolicyRule,
  type Verdict,
  verdictRank,
} from './policy.js';
import { findWaiver, type Waiver } from './waivers.js';

/** One package's license data, as inventory and license detection found it. */
export interface PackageLicenses {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string | null;
  readonly scope: Scope;
  readonly purl?: string;
  /** Declared license strings (manifest fields, SBOM entries), each SPDX or not; several are ANDed. */
  readonly declared?: readonly string[];
  /** An expression from license text detection; ANDed with the declared ones when both exist. */
  readonly detected?: string | null;
}

export interface EvaluationOptions {
  readonly policy: LicensePolicy;
  /** The project's distribution context; the policy's `context` when absent. */
  readonly context?: DistributionContext;
  /** The project name, for waivers scoped to one project. */
  readonly project?: string;
  /** Waivers from the store, checked after the policy's own. */
  readonly waivers?: readonly Waiver[];
  /** The moment waivers are checked against; now when absent. */
  readonly now?: Date;
}

/** Which rule decided: one of the policy's (by index), a built-in one, the scope setting, or none. */
export interface RuleRef {
  readonly source: 'policy' | 'default' | 'scope' | 'none';
  /** Index in `policy.rules` (source `policy`) or in `defaultRules` (source `default`). */
  readonly index?: number;
  /** `category strong-copyleft in distributed-binary: deny`, for people. */
  readonly description: string;
  readonly line?: number;
  readonly reason?: string;
}

/** Why one license of the (elected) expression got its verdict. */
export interface LicenseReason extends TermCategory {
  /** The term as SPDX text: `GPL-2.0-only WITH Classpath-exception-2.0`. */
  readonly license: string;
  readonly verdict: Verdict;
  readonly rule: RuleRef;
}

export interface LicenseVerdict {
  readonly verdict: Verdict;
  /** The normalized expression evaluated; LicenseRef-ospo-unknown stands for missing or unreadable data. */
  readonly expression: string;
  /** With an OR in the expression: the licenses chosen to comply with, e.g. `MIT AND Apache-2.0`. */
  readonly elected?: string;
  /** One per license of the elected expression. */
  readonly reasons: readonly LicenseReason[];
  /** The waiver that turned `review`/`deny` into `allow`. */
  readonly waived?: string;
  /** The verdict before the waiver. */
  readonly unwaivedVerdict?: Verdict;
  /** The context the licenses were judged in (`internal` for a scope handled as internal). */
  readonly context: DistributionContext;
  /** What the lenient reading of the declared and detected strings changed, for the report. */
  readonly corrections: readonly Correction[];
  /** Strings nothing could read; each counts as an unknown license. */
  readonly unrecognized: readonly string[];
}

/**
 * Judge one package: read its licenses leniently, pick the best choice of every OR, require every
 * operand of an AND, honour WITH exceptions through categories, then apply a waiver if one covers it.
 */
export function evaluatePackage(pkg: PackageLicenses, options: EvaluationOptions): LicenseVerdict {
  const { policy } = options;
  const read = readLicenses(pkg);
  const handling = policy.scopes[pkg.scope];
  const context = handling === 'internal' ? 'internal' : (options.context ?? policy.context);
  const decide: Decide =
    handling === 'ignore'
      ? () => ({ verdict: 'allow', rule: { source: 'scope', description: `scope ${pkg.scope}: ignore` } })
      : (term, category) => decideTerm(term, category, policy, context);
  const outcome = evaluateExpression(read.expression, policy, decide);
  const expression = renderExpression(read.expression);
  const base = {
    expression,
    ...(outcome.elected ? { elected: outcome.elected } : {}),
    reasons: outcome.reasons,
    context,
    corrections: read.corrections,
    unrecognized: read.unrecognized,
  };
  if (outcome.verdict === 'allow') return { verdict: 'allow', ...base };
  const target = { ...pkg, expression, ...(options.project ? { project: options.project } : {}) };
  const waiver = findWaiver(
    [...policy.waivers, ...(options.waivers ?? [])],
    target,
    options.now ?? new Date(),
  );
  if (!waiver) return { verdict: outcome.verdict, ...base };
  return { verdict: 'allow', ...base, waived: waiver.id, unwaivedVerdict: outcome.verdict };
}

export type Decide = (term: LicenseTerm, category: TermCategory) => { verdict: Verdict; rule: RuleRef };

export interface ExpressionOutcome {
  readonly verdict: Verdict;
  readonly elected?: string;
  readonly reasons: readonly LicenseReason[];
}

/**
 * The exact evaluation of an expression: a term gets its rule's verdict; AND takes the worst of its
 * operands; OR elects its best operand (fewest verdict problems, then the least demanding category,
 * then the one written first). `decide` defaults to the policy's rules in `context`.
 */
export function evaluateExpression(
  expression: SpdxExpression,
  policy: LicensePolicy,
  decide: Decide | DistributionContext = policy.context,
): ExpressionOutcome {
  const judge: Decide = typeof decide === 'string' ? (t, c) => decideTerm(t, c, policy, decide) : decide;
  const normalized = normalizeExpression(expression);
  const result = walk(normalized, policy, judge);
  const reasons = [...new Map(result.reasons.map((reason) => [reason.license, reason])).values()];
  return {
    verdict: result.verdict,
    ...(hasChoice(normalized) ? { elected: renderExpression(normalizeExpression(result.elected)) } : {}),
    reasons,
  };
}

type Walked = { verdict: Verdict; elected: SpdxExpression; reasons: LicenseReason[]; worstCategory: number };

function walk(node: SpdxExpression, policy: LicensePolicy, decide: Decide): Walked {
  if (node.type === 'license') {
    const category = termCategory(node, policy.categories);
    const { verdict, rule } = decide(node, category);
    const reason: LicenseReason = { license: renderTerm(node), ...category, verdict, rule };
    return { verdict, elected: node, reasons: [reason], worstCategory: categoryRank(category.category) };
  }
  const operands = node.operands.map((operand) => walk(operand, policy, decide));
  if (node.type === 'and') {
    return {
      verdict: operands.reduce<Verdict>(
        (worst, o) => (verdictRank(o.verdict) > verdictRank(worst) ? o.verdict : worst),
        'allow',
      ),
      elected: allOf(operands.map((o) => o.elected)),
      reasons: operands.flatMap((o) => o.reasons),
      worstCategory: Math.max(...operands.map((o) => o.worstCategory)),
    };
  }
  let best = operands[0] as Walked;
  for (const candidate of operands.slice(1)) {
    const byVerdict = verdictRank(candidate.verdict) - verdictRank(best.verdict);
    if (byVerdict < 0 || (byVerdict === 0 && candidate.worstCategory < best.worstCategory)) best = candidate;
  }
  return best;
}

function hasChoice(expression: SpdxExpression): boolean {
  return expression.type !== 'license' && (expression.type === 'or' || expression.operands.some(hasChoice));
}

/** public-domain first, unknown last: the order of `licenseCategories`. */
function categoryRank(category: LicenseCategory): number {
  return licenseCategories.indexOf(category);
}

/**
 * The rule for one term: the policy's own rules first, then (unless `extends: none`) the built-in
 * ones. Within each, the most specific match wins: license WITH exception, then license, then
 * category; a rule listing contexts beats one that does not; then the first written.
 */
export function decideTerm(
  term: LicenseTerm,
  category: TermCategory,
  policy: LicensePolicy,
  context: DistributionContext,
): { verdict: Verdict; rule: RuleRef } {
  const own = bestRule(policy.rules, term, category.category, context);
  if (own) return { verdict: own.rule.verdict, rule: ref('policy', own.index, own.rule) };
  const builtIn =
    policy.extends === 'default' ? bestRule(defaultRules, term, category.category, context) : undefined;
  if (builtIn) return { verdict: builtIn.rule.verdict, rule: ref('default', builtIn.index, builtIn.rule) };
  return { verdict: 'review', rule: { source: 'none', description: 'no rule matched: review' } };
}

function bestRule(
  rules: readonly PolicyRule[],
  term: LicenseTerm,
  category: LicenseCategory,
  context: DistributionContext,
): { rule: PolicyRule; index: number } | undefined {
  let best: { rule: PolicyRule; index: number; score: number } | undefined;
  for (const [index, rule] of rules.entries()) {
    if (rule.contexts && !rule.contexts.includes(context)) continue;
    const specificity = matchSpecificity(rule, term, category);
    if (specificity === 0) continue;
    const score = specificity * 2 + (rule.contexts ? 1 : 0);
    if (!best || score > best.score) best = { rule, index, score };
  }
  return best;
}

/** 0: no match; 1: by category; 2: by license; 3: by license and exception. */
function matchSpecificity(rule: PolicyRule, term: LicenseTerm, category: LicenseCategory): number {
  if (rule.kind === 'category') return rule.category === category ? 1 : 0;
  if (rule.license !== term.license) return 0;
  if (rule.exception === undefined) return 2;
  return rule.exception === term.exception ? 3 : 0;
}

function ref(source: 'policy' | 'default', index: number, rule: PolicyRule): RuleRef {
  return {
    source,
    index,
    description: describeRule(rule),
    ...(rule.line ? { line: rule.line } : {}),
    ...(rule.reason ? { reason: rule.reason } : {}),
  };
}

/** Declared strings and the detected expression, read leniently and ANDed; nothing at all is unknown. */
function readLicenses(pkg: PackageLicenses): {
  expression: SpdxExpression;
  corrections: Correction[];
  unrecognized: string[];
} {
  const texts = [...(pkg.declared ?? []), ...(pkg.detected ? [pkg.detected] : [])].filter(
    (t) => t.trim() !== '',
  );
  const parts: SpdxExpression[] = [];
  const corrections: Correction[] = [];
  const unrecognized: string[] = [];
  for (const text of texts) {
    const read = tryCorrectExpression(text, { unknown: 'mark' });
    if (read.ok) {
      parts.push(read.expression);
      corrections.push(...read.corrections);
      unrecognized.push(...read.unrecognized);
    } else {
      parts.push(licenseTerm(UNKNOWN_LICENSE));
      unrecognized.push(text);
      corrections.push({ kind: 'unknown', from: text, to: UNKNOWN_LICENSE, offset: 0 });
    }
  }
  const expression = parts.length > 0 ? normalizeExpression(allOf(parts)) : licenseTerm(UNKNOWN_LICENSE);
  return { expression, corrections, unrecognized };
}
