import { z } from 'zod';
import { cleanLicenses, expectResponse, type RegistryLookup, trimBase } from './types.js';

/** `{ type }` is how package.json wrote licenses before SPDX expressions; a few wrote `{ name }`. */
const licenseEntry = z.union([
  z.string(),
  z.object({ type: z.string() }),
  z.object({ name: z.string() }),
  z.null(),
]);
const licenseField = z.union([licenseEntry, z.array(licenseEntry)]).optional();

const BASE = 'https://registry.npmjs.org';

const versionDocument = z.object({ license: licenseField, licenses: licenseField });

/**
 * npm: the version document at `/{name}/{version}` (scoped names with `@` and `/` encoded, the form
 * the registry accepts for them), `license` first, then the legacy `licenses` list.
 */
export const npmRegistry = {
  id: 'npm',
  ecosystems: ['npm'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const url = `${trimBase(baseUrl)}/${encodeURIComponent(pkg.name)}/${encodeURIComponent(pkg.version)}`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const doc = expectResponse(versionDocument, body, url);
    const declared = names(doc.license);
    return { licenses: declared.length > 0 ? declared : names(doc.licenses), url, warnings: [] };
  },
} satisfies RegistryLookup;

function names(field: z.infer<typeof licenseField>): string[] {
  if (field === undefined) return [];
  const entries = Array.isArray(field) ? field : [field];
  return cleanLicenses(
    entries.map((e) => (e === null || typeof e === 'string' ? e : 'type' in e ? e.type : e.name)),
  );
}
