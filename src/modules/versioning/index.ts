import { schemeFor, type VersionScheme } from '../../core/versioning.js';
import { alpineScheme } from './alpine/index.js';
import { composerScheme } from './composer/index.js';
import { conanScheme } from './conan/index.js';
import { cranScheme } from './cran/index.js';
import { debianScheme } from './debian/index.js';
import { goScheme } from './go/index.js';
import { mavenScheme } from './maven/index.js';
import { nugetScheme } from './nuget/index.js';
import { pep440Scheme } from './pep440/index.js';
import { rubygemsScheme } from './rubygems/index.js';
import { semverScheme } from './semver/index.js';

/** Every version ordering, one plug-in folder each. Adding one is a folder and a line here. */
export const versionSchemes: readonly VersionScheme[] = [
  semverScheme,
  goScheme,
  pep440Scheme,
  mavenScheme,
  rubygemsScheme,
  nugetScheme,
  composerScheme,
  conanScheme,
  cranScheme,
  debianScheme,
  alpineScheme,
];

export { semverScheme };

/** The registered scheme for an OSV ecosystem (`Debian:12` is Debian's), or null. */
export function versionSchemeFor(ecosystem: string): VersionScheme | null {
  return schemeFor(ecosystem, versionSchemes);
}
