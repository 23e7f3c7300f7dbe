import { z } from 'zod';
import {
  cleanLicenses,
  expectResponse,
  type RegistryLookup,
  type RegistryWarning,
  responseError,
  trimBase,
} from './types.js';

const BASE = 'https://api.nuget.org/v3/registration5-gz-semver2';

const catalogEntry = z.object({
  licenseExpression: z.string().nullish(),
  licenseUrl: z.string().nullish(),
});
const registrationLeaf = z.object({ catalogEntry: z.union([z.string(), catalogEntry]) });

/** nuget.org's stable license pages: `https://licenses.nuget.org/{expression}`, URL-encoded. */
const LICENSES_NUGET_ORG = /^https?:\/\/licenses\.nuget\.org\/(.+)$/i;

/**
 * NuGet: the registration leaf `/{id}/{version}.json` (both lower case, the version normalized),
 * then the catalog entry it points to: `licenseExpression`, else a `licenseUrl`. A licenseUrl on
 * licenses.nuget.org carries an expression; any other is only a link, reported as a warning.
 */
export const nugetRegistry = {
  id: 'nuget',
  ecosystems: ['NuGet'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const id = encodeURIComponent(pkg.name.toLowerCase());
    const version = encodeURIComponent(normalizeNugetVersion(pkg.version).toLowerCase());
    const leafUrl = `${trimBase(baseUrl)}/${id}/${version}.json`;
    const leafBody = await http.fetchJson(leafUrl);
    if (leafBody === null) return null;
    const leaf = expectResponse(registrationLeaf, leafBody, leafUrl);

    let url = leafUrl;
    let entry = leaf.catalogEntry;
    if (typeof entry === 'string') {
      url = catalogUrl(entry, leafUrl);
      const body = await http.fetchJson(url);
      if (body === null) return null;
      entry = expectResponse(catalogEntry, body, url);
    }

    const warnings: RegistryWarning[] = [];
    const expression = cleanLicenses([entry.licenseExpression]);
    if (expression.length > 0) return { licenses: expression, url, warnings };
    const link = entry.licenseUrl?.trim();
    if (!link) return { licenses: [], url, warnings };
    const onNugetOrg = LICENSES_NUGET_ORG.exec(link)?.[1];
    if (onNugetOrg) {
      const decoded = decode(onNugetOrg);
      if (decoded) return { licenses: [decoded], url, warnings };
    }
    warnings.push({
      code: 'ERR_OSPO_REGISTRY_LICENSE_URL',
      message: `${url}: the package gives its license only as a link (${link})`,
    });
    return { licenses: [], url, warnings };
  },
} satisfies RegistryLookup;

/**
 * NuGet's normalized form: no build metadata, no leading zeros, no fourth part when it is zero
 * (`1.02.0.0+sha` is `1.2.0`).
 */
export function normalizeNugetVersion(version: string): string {
  const [withoutBuild = ''] = version.trim().split('+', 1);
  const dash = withoutBuild.indexOf('-');
  const release = dash < 0 ? withoutBuild : withoutBuild.slice(0, dash);
  const label = dash < 0 ? '' : withoutBuild.slice(dash);
  const parts = release.split('.');
  if (!parts.every((p) => /^\d+$/.test(p))) return withoutBuild;
  const numbers = parts.map((p) => String(Number.parseInt(p, 10)));
  if (numbers.length === 4 && numbers[3] === '0') numbers.pop();
  return `${numbers.join('.')}${label}`;
}

/** The leaf names its catalog entry by absolute URL; only http(s) ones are followed. */
function catalogUrl(value: string, leafUrl: string): string {
  try {
    const url = new URL(value, leafUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  throw responseError(leafUrl, `catalogEntry is not an http(s) URL: ${value.slice(0, 200)}`);
}

function decode(path: string): string | null {
  try {
    return decodeURIComponent(path).trim() || null;
  } catch {
    return null;
  }
}
