import type { Scope } from '../../core/inventory.js';
import type { LicenseCategory } from '../../core/spdx/categories.js';
import type { Waiver } from './waivers.js';

/**
 * The license policy: the vocabulary, and the shape `ospo.yml`'s `licenses:` section is read into
 * (policy-file.ts). Evaluation is in evaluate.ts; the built-in rules in default-policy.ts.
 */

/** How a project's code reaches other people; it decides what copyleft asks of it. */
export const distributionContexts = [
  /** Used inside the organization only; nothing is conveyed to anyone else. */
  'internal',
  /** Run as a service others use over a network; the code itself is not handed out. */
  'saas',
  /** Shipped as binaries or installers (apps, appliances, on-premises products, containers). */
  'distributed-binary',
  /** Published as a library that others build into their own software. */
  'library',
] as const;
export type DistributionContext = (typeof distributionContexts)[number];

export const verdicts = ['allow', 'review', 'deny'] as const;
export type Verdict = (typeof verdicts)[number];

/** Worse verdicts rank higher: deny > review > allow. */
export function verdictRank(verdict: Verdict): number {
  return verdicts.indexOf(verdict);
}

export function worstVerdict(list: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'allow';
  for (const verdict of list) if (verdictRank(verdict) > verdictRank(worst)) worst = verdict;
  return worst;
}

/**
 * What to do with packages of one scope: `evaluate` in the project's context, evaluate as `internal`
 * (dev tools are used, not shipped: copyleft does not bite, non-commercial and proprietary still do),
 * or `ignore` (always allowed).
 */
export const scopeHandlings = ['evaluate', 'internal', 'ignore'] as const;
export type ScopeHandling = (typeof scopeHandlings)[number];

interface RuleBase {
  /** The contexts the rule is for; all of them when absent. */
  readonly contexts?: readonly DistributionContext[];
  readonly verdict: Verdict;
  /** Why, in the policy author's words; shown with the verdict. */
  readonly reason?: string;
  /** Where the rule was written (1-based line in ospo.yml), for messages. */
  readonly line?: number;
}

/**
 * A rule for one license id or LicenseRef. Without `exception` it covers the license with or without
 * any exception, and `X+`; with one, only that combination, and it wins over the plain rule.
 */
export interface LicenseRule extends RuleBase {
  readonly kind: 'license';
  readonly license: string;
  readonly exception?: string;
}

export interface CategoryRule extends RuleBase {
  readonly kind: 'category';
  readonly category: LicenseCategory;
}

export type PolicyRule = LicenseRule | CategoryRule;

export interface LicensePolicy {
  /** The context of a project that does not state its own. */
  readonly context: DistributionContext;
  /** `default`: the built-in rules apply wherever none of `rules` does; `none`: only `rules`. */
  readonly extends: 'default' | 'none';
  /** Categories by license id or LicenseRef, over the built-in table. */
  readonly categories: Readonly<Record<string, LicenseCategory>>;
  readonly rules: readonly PolicyRule[];
  readonly scopes: Readonly<Record<Scope, ScopeHandling>>;
  readonly waivers: readonly Waiver[];
}

/** One line for a person: `license LGPL-2.1-only in distributed-binary: review`. */
export function describeRule(rule: PolicyRule): string {
  const subject =
    rule.kind === 'category'
      ? `category ${rule.category}`
      : `license ${rule.license}${rule.exception ? ` WITH ${rule.exception}` : ''}`;
  const where = rule.contexts ? ` in ${rule.contexts.join(', ')}` : '';
  return `${subject}${where}: ${rule.verdict}`;
}
