import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { licenseCategoryTable } from './categories.data.js';
import { type LicenseCategory, licenseCategory, termCategory } from './categories.js';
import { deriveCategory, explicitConflicts, renderCategoryTable } from './category-rules.js';
import { exceptionEffects } from './exceptions.js';
import { parseExpression } from './expression.js';
import { spdxExceptionIds, spdxLicenseIds } from './ids.js';
import { PROPRIETARY_LICENSE, PUBLIC_DOMAIN_LICENSE, UNKNOWN_LICENSE } from './names.js';

/** Ids reviewed and left undecided on purpose (category-rules.ts says why); every other one is decided. */
const reviewedUnknown = ['Informatica', 'SCEA'];

describe('the category table', () => {
  it('is generated from category-rules.ts', () => {
    const dataFile = new URL('./categories.data.ts', import.meta.url);
    const expected = renderCategoryTable(spdxLicenseIds);
    if (process.env.OSPO_WRITE_SPDX_CATEGORIES === '1') fs.writeFileSync(dataFile, expected);
    expect(fs.readFileSync(dataFile, 'utf8')).toBe(expected);
  });

  it('gives every SPDX license id, current and deprecated, a category', () => {
    const missing = spdxLicenseIds.filter((id) => licenseCategoryTable[id] === undefined);
    expect(missing).toEqual([]);
    const undecided = spdxLicenseIds.filter((id) => licenseCategoryTable[id] === 'unknown');
    expect(undecided.sort()).toEqual(reviewedUnknown);
  });

  it('lists no id under two categories', () => {
    expect(explicitConflicts()).toEqual([]);
  });

  it.each<[string, LicenseCategory]>([
    ['MIT', 'permissive'],
    ['Apache-2.0', 'permissive'],
    ['BSD-3-Clause', 'permissive'],
    ['ISC', 'permissive'],
    ['Zlib', 'permissive'],
    ['BSL-1.0', 'permissive'],
    ['PSF-2.0', 'permissive'],
    ['Artistic-2.0', 'permissive'],
    ['CC-BY-4.0', 'permissive'],
    ['UPL-1.0', 'permissive'],
    ['CECILL-B', 'permissive'],
    ['0BSD', 'public-domain'],
    ['MIT-0', 'public-domain'],
    ['CC0-1.0', 'public-domain'],
    ['Unlicense', 'public-domain'],
    ['WTFPL', 'public-domain'],
    ['PDDL-1.0', 'public-domain'],
    ['LGPL-2.1-only', 'weak-copyleft'],
    ['LGPL-3.0-or-later', 'weak-copyleft'],
    ['LGPL-2.1', 'weak-copyleft'],
    ['MPL-2.0', 'weak-copyleft'],
    ['MPL-2.0-no-copyleft-exception', 'weak-copyleft'],
    ['EPL-1.0', 'weak-copyleft'],
    ['EPL-2.0', 'weak-copyleft'],
    ['CDDL-1.0', 'weak-copyleft'],
    ['CDDL-1.1', 'weak-copyleft'],
    ['CPL-1.0', 'weak-copyleft'],
    ['OFL-1.1', 'weak-copyleft'],
    ['CECILL-C', 'weak-copyleft'],
    ['MS-RL', 'weak-copyleft'],
    ['GPL-2.0-only', 'strong-copyleft'],
    ['GPL-2.0-or-later', 'strong-copyleft'],
    ['GPL-3.0-only', 'strong-copyleft'],
    ['GPL-2.0', 'strong-copyleft'],
    ['GPL-3.0', 'strong-copyleft'],
    ['CECILL-2.1', 'strong-copyleft'],
    ['CC-BY-SA-4.0', 'strong-copyleft'],
    ['GFDL-1.3-or-later', 'strong-copyleft'],
    ['OSL-1.0', 'strong-copyleft'],
    ['Sleepycat', 'strong-copyleft'],
    ['AGPL-3.0-only', 'network-copyleft'],
    ['AGPL-3.0-or-later', 'network-copyleft'],
    ['AGPL-1.0', 'network-copyleft'],
    ['SSPL-1.0', 'network-copyleft'],
    ['EUPL-1.2', 'network-copyleft'],
    ['OSL-3.0', 'network-copyleft'],
    ['RPL-1.5', 'network-copyleft'],
    ['CPAL-1.0', 'network-copyleft'],
    ['CC-BY-NC-4.0', 'non-commercial'],
    ['CC-BY-NC-SA-4.0', 'non-commercial'],
    ['CC-BY-NC-ND-3.0', 'non-commercial'],
    ['PolyForm-Noncommercial-1.0.0', 'non-commercial'],
    ['BUSL-1.1', 'proprietary'],
    ['Elastic-2.0', 'proprietary'],
    ['CC-BY-ND-4.0', 'proprietary'],
    ['JSON', 'proprietary'],
    ['GPL-2.0-with-classpath-exception', 'weak-copyleft'],
    ['GPL-2.0-with-bison-exception', 'strong-copyleft'],
  ])('%s is %s', (id, category) => {
    expect(licenseCategory(id)).toBe(category);
    expect(deriveCategory(id)).toBe(category);
  });

  it.each<[string, LicenseCategory]>([
    [UNKNOWN_LICENSE, 'unknown'],
    [PROPRIETARY_LICENSE, 'proprietary'],
    [PUBLIC_DOMAIN_LICENSE, 'public-domain'],
    ['LicenseRef-acme', 'unknown'],
    ['Not-A-License', 'unknown'],
  ])('reference %s is %s', (id, category) => {
    expect(licenseCategory(id)).toBe(category);
  });
});

describe('exceptions', () => {
  it('every SPDX exception has an effect, and the table has no others', () => {
    expect(Object.keys(exceptionEffects).sort()).toEqual([...spdxExceptionIds].sort());
  });

  it.each<[string, LicenseCategory, LicenseCategory]>([
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'weak-copyleft', 'strong-copyleft'],
    ['GPL-3.0-or-later WITH GCC-exception-3.1', 'weak-copyleft', 'strong-copyleft'],
    ['GPL-2.0-only WITH Linux-syscall-note', 'weak-copyleft', 'strong-copyleft'],
    ['AGPL-3.0-only WITH GPL-3.0-linking-exception', 'weak-copyleft', 'network-copyleft'],
    ['Apache-2.0 WITH LLVM-exception', 'permissive', 'permissive'],
    ['LGPL-2.1-only WITH OCaml-LGPL-linking-exception', 'weak-copyleft', 'weak-copyleft'],
    ['GPL-2.0-or-later WITH Bison-exception-2.2', 'strong-copyleft', 'strong-copyleft'],
    ['GPL-2.0-only WITH openvpn-openssl-exception', 'strong-copyleft', 'strong-copyleft'],
    ['GPL-2.0-only WITH AdditionRef-acme', 'strong-copyleft', 'strong-copyleft'],
  ])('%s is %s (the license alone %s)', (text, category, baseCategory) => {
    const term = parseExpression(text);
    if (term.type !== 'license') throw new Error('expected a term');
    expect(termCategory(term)).toMatchObject({ category, baseCategory });
  });

  it('lets a policy override the category before the exception applies', () => {
    const term = parseExpression('LicenseRef-acme WITH Classpath-exception-2.0');
    if (term.type !== 'license') throw new Error('expected a term');
    expect(termCategory(term, { 'LicenseRef-acme': 'strong-copyleft' }).category).toBe('weak-copyleft');
  });
});
