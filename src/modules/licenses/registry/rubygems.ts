import { z } from 'zod';
import { cleanLicenses, expectResponse, type RegistryLookup, trimBase } from './types.js';

const BASE = 'https://rubygems.org/api/v2';

const versionDocument = z.object({ licenses: z.array(z.string().nullable()).nullish() });

/**
 * RubyGems: API v2's `/rubygems/{name}/versions/{version}.json`, the gemspec's `licenses` (null for
 * gems that declare none). The ruby platform's build is asked about; platform builds of one version
 * declare the same licenses in practice.
 */
export const rubygemsRegistry = {
  id: 'rubygems',
  ecosystems: ['RubyGems'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const name = encodeURIComponent(pkg.name);
    const url = `${trimBase(baseUrl)}/rubygems/${name}/versions/${encodeURIComponent(pkg.version)}.json`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const doc = expectResponse(versionDocument, body, url);
    return { licenses: cleanLicenses(doc.licenses ?? []), url, warnings: [] };
  },
} satisfies RegistryLookup;
