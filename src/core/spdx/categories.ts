import { licenseCategoryTable } from './categories.data.js';
import { type ExceptionEffect, exceptionEffects } from './exceptions.js';
import type { LicenseTerm } from './expression.js';
import { PROPRIETARY_LICENSE, PUBLIC_DOMAIN_LICENSE, UNKNOWN_LICENSE } from './names.js';

/**
 * License categories: what a license asks of whoever uses or ships the code. Policies decide per
 * category; see docs/guide/license-policy.md for what each means in practice.
 */
export const licenseCategories = [
  /** No conditions at all: public-domain dedications (CC0-1.0, Unlicense) and 0BSD, MIT-0, WTFPL. */
  'public-domain',
  /** Keep notices, maybe a patent or endorsement clause: MIT, BSD-3-Clause, Apache-2.0, ISC. */
  'permissive',
  /** Changes to the licensed files themselves stay open; linking is free: LGPL, MPL, EPL, CDDL. */
  'weak-copyleft',
  /** Distributing a combined work means offering all of its source under the same terms: GPL. */
  'strong-copyleft',
  /** Strong copyleft that also counts use over a network as distribution: AGPL, SSPL, EUPL, OSL-3.0. */
  'network-copyleft',
  /** Forbids commercial use: CC-BY-NC-*, PolyForm-Noncommercial. */
  'non-commercial',
  /** Not open source: commercial, source-available (BUSL, Elastic), no-derivatives, field-of-use limits. */
  'proprietary',
  /** Not known: a LicenseRef nobody categorized, or no license information at all. */
  'unknown',
] as const;
export type LicenseCategory = (typeof licenseCategories)[number];

export function isLicenseCategory(value: string): value is LicenseCategory {
  return (licenseCategories as readonly string[]).includes(value);
}

/** Categories of the built-in references the lenient corrector produces. */
const builtinRefs: Readonly<Record<string, LicenseCategory>> = {
  [UNKNOWN_LICENSE]: 'unknown',
  [PROPRIETARY_LICENSE]: 'proprietary',
  [PUBLIC_DOMAIN_LICENSE]: 'public-domain',
};

/** The category of a license id (listed or deprecated) or built-in reference; `unknown` for anything else. */
export function licenseCategory(license: string): LicenseCategory {
  return licenseCategoryTable[license] ?? builtinRefs[license] ?? 'unknown';
}

export interface TermCategory {
  /** After the exception: GPL-2.0-only WITH Classpath-exception-2.0 is `weak-copyleft`. */
  readonly category: LicenseCategory;
  /** Of the license alone. */
  readonly baseCategory: LicenseCategory;
  readonly exception?: { readonly id: string; readonly effect: ExceptionEffect };
}

/**
 * The category of one term, with its exception applied. `overrides` (a policy's own categories, by
 * license id or LicenseRef) win over the built-in table.
 */
export function termCategory(
  term: LicenseTerm,
  overrides: Readonly<Record<string, LicenseCategory>> = {},
): TermCategory {
  const baseCategory = overrides[term.license] ?? licenseCategory(term.license);
  if (term.exception === undefined) return { category: baseCategory, baseCategory };
  const effect = exceptionEffects[term.exception] ?? 'other';
  return {
    category: applyException(baseCategory, effect),
    baseCategory,
    exception: { id: term.exception, effect },
  };
}

/**
 * A linking exception (Classpath, GCC runtime, LLVM, Linux-syscall-note, ...) lets a larger work
 * combine with the licensed code without taking its terms, which is what weak copyleft means; the
 * licensed code itself stays copyleft. Every other effect leaves the category as it was.
 */
export function applyException(category: LicenseCategory, effect: ExceptionEffect): LicenseCategory {
  if (effect !== 'linking') return category;
  return category === 'strong-copyleft' || category === 'network-copyleft' ? 'weak-copyleft' : category;
}
