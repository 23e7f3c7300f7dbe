import type { Ecosystem } from '../../../core/inventory.js';
import { clearlyDefinedRegistry } from './clearlydefined.js';
import { cratesIoRegistry } from './crates-io.js';
import { mavenCentralRegistry } from './maven-central.js';
import { npmRegistry } from './npm.js';
import { nugetRegistry } from './nuget.js';
import { packagistRegistry } from './packagist.js';
import { pypiRegistry } from './pypi.js';
import { rubygemsRegistry } from './rubygems.js';
import type { RegistryId, RegistryLookup } from './types.js';

export { coordinates as clearlyDefinedCoordinates } from './clearlydefined.js';
export { normalizeNugetVersion } from './nuget.js';
export * from './types.js';

/** Every registry, by id. ClearlyDefined answers for many ecosystems and is only asked when wanted. */
export const registryLookups: Readonly<Record<RegistryId, RegistryLookup>> = {
  npm: npmRegistry,
  pypi: pypiRegistry,
  'crates-io': cratesIoRegistry,
  rubygems: rubygemsRegistry,
  packagist: packagistRegistry,
  'maven-central': mavenCentralRegistry,
  nuget: nugetRegistry,
  clearlydefined: clearlyDefinedRegistry,
};

/**
 * Declared licenses from package registries, read online. Not a file detector: it is asked about
 * packages, not files, and only when the user opts in (`--online`). Stored results name this id and
 * version, like every plug-in's.
 */
export const registryLicenses = {
  id: 'registry',
  version: 1,
  lookups: registryLookups,
  /** The ecosystem's own registry; null for ecosystems without one here (Go, Pub, Hex, CRAN, Conan). */
  forEcosystem(ecosystem: Ecosystem): RegistryLookup | null {
    for (const lookup of Object.values(registryLookups)) {
      if (lookup.id !== 'clearlydefined' && lookup.ecosystems.includes(ecosystem)) return lookup;
    }
    return null;
  },
} as const;
