import type { Scope } from '../../core/inventory.js';
import { type LicenseCategory, licenseCategories } from '../../core/spdx/categories.js';
import type { CategoryRule, DistributionContext, LicensePolicy, ScopeHandling, Verdict } from './policy.js';

/**
 * The built-in policy: what applies with no `licenses:` section, and under any section that does not
 * say `extends: none`. Reasoning per cell is in docs/guide/license-policy.md.
 *
 * | category         | internal | saas   | distributed-binary | library |
 * |------------------|----------|--------|--------------------|---------|
 * | public-domain    | allow    | allow  | allow              | allow   |
 * | permissive       | allow    | allow  | allow              | allow   |
 * | weak-copyleft    | allow    | allow  | review             | review  |
 * | strong-copyleft  | allow    | review | deny               | deny    |
 * | network-copyleft | review   | deny   | deny               | deny    |
 * | non-commercial   | deny     | deny   | deny               | deny    |
 * | proprietary      | deny     | deny   | deny               | deny    |
 * | unknown          | review   | review | review             | review  |
 */
export const defaultMatrix: Readonly<
  Record<LicenseCategory, Readonly<Record<DistributionContext, Verdict>>>
> = {
  'public-domain': { internal: 'allow', saas: 'allow', 'distributed-binary': 'allow', library: 'allow' },
  permissive: { internal: 'allow', saas: 'allow', 'distributed-binary': 'allow', library: 'allow' },
  'weak-copyleft': { internal: 'allow', saas: 'allow', 'distributed-binary': 'review', library: 'review' },
  'strong-copyleft': { internal: 'allow', saas: 'review', 'distributed-binary': 'deny', library: 'deny' },
  'network-copyleft': { internal: 'review', saas: 'deny', 'distributed-binary': 'deny', library: 'deny' },
  'non-commercial': { internal: 'deny', saas: 'deny', 'distributed-binary': 'deny', library: 'deny' },
  proprietary: { internal: 'deny', saas: 'deny', 'distributed-binary': 'deny', library: 'deny' },
  unknown: { internal: 'review', saas: 'review', 'distributed-binary': 'review', library: 'review' },
};

/** The matrix as rules, one per cell, so explanations name a rule like any other. */
export const defaultRules: readonly CategoryRule[] = licenseCategories.flatMap((category) =>
  Object.entries(defaultMatrix[category]).map(([context, verdict]) => ({
    kind: 'category' as const,
    category,
    contexts: [context as DistributionContext],
    verdict,
  })),
);

/** Dev dependencies build and test the product; they are not shipped with it. */
export const defaultScopes: Readonly<Record<Scope, ScopeHandling>> = {
  prod: 'evaluate',
  dev: 'internal',
  optional: 'evaluate',
  peer: 'evaluate',
  unknown: 'evaluate',
};

/** Distributed binaries are the context where the most licenses ask the most; the safe assumption. */
export const defaultContext: DistributionContext = 'distributed-binary';

export const defaultPolicy: LicensePolicy = {
  context: defaultContext,
  extends: 'default',
  categories: {},
  rules: [],
  scopes: defaultScopes,
  waivers: [],
};
