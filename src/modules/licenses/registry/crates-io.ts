import { z } from 'zod';
import { cleanLicenses, expectResponse, type RegistryLookup, trimBase } from './types.js';

const BASE = 'https://crates.io/api/v1';

const versionDocument = z.object({ version: z.object({ license: z.string().nullish() }) });

/**
 * crates.io: `/crates/{name}/{version}`, the `license` of the version (an SPDX expression, or the old
 * `MIT/Apache-2.0` form as published). crates.io asks clients to send a User-Agent naming them; the
 * HTTP client does.
 */
export const cratesIoRegistry = {
  id: 'crates-io',
  ecosystems: ['crates.io'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const url = `${trimBase(baseUrl)}/crates/${encodeURIComponent(pkg.name)}/${encodeURIComponent(pkg.version)}`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const doc = expectResponse(versionDocument, body, url);
    return { licenses: cleanLicenses([doc.version.license]), url, warnings: [] };
  },
} satisfies RegistryLookup;
