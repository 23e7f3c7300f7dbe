import { z } from 'zod';
import {
  cleanLicenses,
  encodePath,
  expectResponse,
  type RegistryLookup,
  responseError,
  trimBase,
} from './types.js';

const BASE = 'https://repo.packagist.org';

const metadataDocument = z.object({
  packages: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  minified: z.string().optional(),
});

const licenseField = z.union([z.string(), z.array(z.string())]).optional();

/**
 * Packagist: Composer 2's metadata at `/p2/{vendor}/{name}.json` (`~dev.json` for branch versions),
 * `packages[name][].license` of the version asked about. The file is minified: each version lists only
 * what changed from the one before it, `__unset` removing a field, so versions are expanded in order.
 */
export const packagistRegistry = {
  id: 'packagist',
  ecosystems: ['Packagist'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const name = pkg.name.toLowerCase();
    const dev = pkg.version.startsWith('dev-') || pkg.version.endsWith('-dev');
    const url = `${trimBase(baseUrl)}/p2/${encodePath(name)}${dev ? '~dev' : ''}.json`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const doc = expectResponse(metadataDocument, body, url);
    const versions = Object.hasOwn(doc.packages, name) ? doc.packages[name] : Object.values(doc.packages)[0];
    if (!versions) return null;
    const expanded = doc.minified === undefined ? versions : expand(versions);
    const wanted = bare(pkg.version);
    const release = expanded.find((v) => typeof v.version === 'string' && bare(v.version) === wanted);
    if (!release) return null;
    const license = licenseField.safeParse(release.license);
    if (!license.success) throw responseError(url, `license of ${pkg.version} is neither text nor a list`);
    const values = license.data === undefined ? [] : [license.data].flat();
    return { licenses: cleanLicenses(values), url, warnings: [] };
  },
} satisfies RegistryLookup;

/** Composer's MetadataMinifier::expand: every version is the one before it with its changes applied. */
function expand(versions: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let current: Record<string, unknown> = {};
  for (const changes of versions) {
    const next = { ...current };
    for (const [key, value] of Object.entries(changes)) {
      if (key === '__proto__') continue;
      if (value === '__unset') delete next[key];
      else next[key] = value;
    }
    out.push(next);
    current = next;
  }
  return out;
}

/** Tags are `v1.2.3` or `1.2.3`; lockfiles and OSV write either. */
function bare(version: string): string {
  return /^v\d/.test(version) ? version.slice(1) : version;
}
