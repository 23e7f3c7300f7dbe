import { createRequire } from 'node:module';

/**
 * The SPDX license and exception identifiers, from the `spdx-license-ids` and `spdx-exceptions` data
 * packages (both CC0). They ship JSON without type declarations, so they are read through `require`
 * once, here, and only these typed lookups leave this file.
 */
const require = createRequire(import.meta.url);
const currentLicenses = readList('spdx-license-ids');
const deprecatedLicenses = readList('spdx-license-ids/deprecated.json');
const currentExceptions = readList('spdx-exceptions');
const deprecatedExceptions = readList('spdx-exceptions/deprecated.json');

/** Every SPDX license id, current ones first, in the data packages' order. */
export const spdxLicenseIds: readonly string[] = [...currentLicenses, ...deprecatedLicenses];
/** Every SPDX exception id, current ones first. */
export const spdxExceptionIds: readonly string[] = [...currentExceptions, ...deprecatedExceptions];

const deprecated = new Set([...deprecatedLicenses, ...deprecatedExceptions]);
const licensesByLowerCase = byLowerCase(spdxLicenseIds);
const exceptionsByLowerCase = byLowerCase(spdxExceptionIds);

/** The canonical spelling of a license id, matched case-insensitively as the SPDX spec says. */
export function canonicalLicenseId(text: string): string | undefined {
  return licensesByLowerCase.get(text.toLowerCase());
}

/** The canonical spelling of an exception id, matched case-insensitively. */
export function canonicalExceptionId(text: string): string | undefined {
  return exceptionsByLowerCase.get(text.toLowerCase());
}

/** True for ids the SPDX list keeps only for old documents (GPL-2.0, GPL-2.0-with-classpath-exception). */
export function isDeprecatedId(id: string): boolean {
  return deprecated.has(id);
}

function readList(name: string): string[] {
  const value: unknown = require(name);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${name} is not a list of strings; the installed package is damaged`);
  }
  return value;
}

function byLowerCase(ids: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const id of ids) if (!map.has(id.toLowerCase())) map.set(id.toLowerCase(), id);
  return map;
}
