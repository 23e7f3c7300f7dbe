import type { Extractor } from '../../core/inventory.js';
import { bunLock } from './bun-lock/index.js';
import { cargoLock } from './cargo-lock/index.js';
import { composerLock } from './composer-lock/index.js';
import { conanLock } from './conan-lock/index.js';
import { gemfileLock } from './gemfile-lock/index.js';
import { goMod } from './go-mod/index.js';
import { gradleLockfile } from './gradle-lockfile/index.js';
import { gradleVerificationMetadata } from './gradle-verification-metadata/index.js';
import { mavenPom } from './maven-pom/index.js';
import { mixLock } from './mix-lock/index.js';
import { nodeModules } from './node-modules/index.js';
import { npmPackageLock } from './npm-package-lock/index.js';
import { nugetPackagesLock } from './nuget-packages-lock/index.js';
import { pdmLock } from './pdm-lock/index.js';
import { pipRequirements } from './pip-requirements/index.js';
import { pipfileLock } from './pipfile-lock/index.js';
import { pnpmLock } from './pnpm-lock/index.js';
import { poetryLock } from './poetry-lock/index.js';
import { pubspecLock } from './pubspec-lock/index.js';
import { pylockToml } from './pylock-toml/index.js';
import { pythonDistInfo } from './python-dist-info/index.js';
import { renvLock } from './renv-lock/index.js';
import { uvLock } from './uv-lock/index.js';
import { yarnLock } from './yarn-lock/index.js';

/** Every lockfile and manifest format, one plug-in folder each. Adding one is a folder and a line here. */
export const extractors: readonly Extractor[] = [
  cargoLock,
  npmPackageLock,
  nodeModules,
  yarnLock,
  pnpmLock,
  bunLock,
  goMod,
  gemfileLock,
  composerLock,
  pubspecLock,
  mavenPom,
  gradleLockfile,
  gradleVerificationMetadata,
  poetryLock,
  pdmLock,
  uvLock,
  pipRequirements,
  pipfileLock,
  pylockToml,
  pythonDistInfo,
  mixLock,
  nugetPackagesLock,
  conanLock,
  renvLock,
];
