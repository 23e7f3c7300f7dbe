import { z } from 'zod';
import type { Ecosystem } from '../../../core/inventory.js';
import { normalizePypiName } from '../../../core/purl.js';
import {
  cleanLicenses,
  expectResponse,
  type RegistryLookup,
  type RegistryPackage,
  trimBase,
} from './types.js';

const BASE = 'https://api.clearlydefined.io';

const definition = z.object({
  licensed: z.object({ declared: z.string().nullish() }).nullish(),
});

/** ClearlyDefined's `type/provider` for each ecosystem it harvests. */
const coordinateTypes: Partial<Record<Ecosystem, [string, string]>> = {
  npm: ['npm', 'npmjs'],
  PyPI: ['pypi', 'pypi'],
  'crates.io': ['crate', 'cratesio'],
  RubyGems: ['gem', 'rubygems'],
  Packagist: ['composer', 'packagist'],
  Maven: ['maven', 'mavencentral'],
  NuGet: ['nuget', 'nuget'],
  Go: ['go', 'golang'],
};

/**
 * ClearlyDefined: the definition at `/definitions/{type}/{provider}/{namespace}/{name}/{revision}`,
 * its `licensed.declared`. A component it has not harvested still gets a definition, without
 * `licensed`: that, and `NOASSERTION`, mean it knows nothing (null).
 */
export const clearlyDefinedRegistry = {
  id: 'clearlydefined',
  ecosystems: Object.keys(coordinateTypes) as Ecosystem[],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const path = coordinates(pkg);
    if (!path) return null;
    const url = `${trimBase(baseUrl)}/definitions/${path}`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const doc = expectResponse(definition, body, url);
    const declared = cleanLicenses([doc.licensed?.declared]).filter((l) => l !== 'NOASSERTION');
    return declared.length > 0 ? { licenses: declared, url, warnings: [] } : null;
  },
} satisfies RegistryLookup;

/** `type/provider/namespace/name/revision`, each part encoded; `-` where there is no namespace. */
export function coordinates(pkg: RegistryPackage): string | null {
  const kind = coordinateTypes[pkg.ecosystem];
  if (!kind) return null;
  let namespace = '-';
  let name = pkg.name;
  let revision = pkg.version;
  const splitAt = (at: number) => {
    if (at <= 0) return;
    namespace = pkg.name.slice(0, at);
    name = pkg.name.slice(at + 1);
  };
  switch (pkg.ecosystem) {
    case 'npm':
      if (pkg.name.startsWith('@')) splitAt(pkg.name.indexOf('/'));
      break;
    case 'Maven':
      splitAt(pkg.name.indexOf(':'));
      break;
    case 'Packagist':
    case 'Go':
      splitAt(pkg.name.lastIndexOf('/'));
      if (pkg.ecosystem === 'Go' && !revision.startsWith('v')) revision = `v${revision}`;
      break;
    case 'PyPI':
      name = normalizePypiName(pkg.name);
      break;
    default:
      break;
  }
  if (!name || !revision) return null;
  return [...kind, namespace, name, revision].map(encodeURIComponent).join('/');
}
