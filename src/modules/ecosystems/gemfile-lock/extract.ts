import { EdgeSet } from '../../../core/edge-set.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import type { GemfileGroups } from './gemfile.js';
import { type LockedSpec, readLockfile } from './lockfile.js';

const devGroups = new Set(['development', 'test']);

/**
 * Gemfile.lock / gems.locked: GEM and GIT specs are packages (platform variants of one version are one
 * package), PATH specs are the project's own gems: not packages, but the `from` of their edges, and
 * their dependencies are direct, like the gems in DEPENDENCIES. Groups come from the Gemfile, when read.
 */
export function extractGemfileLock(
  content: string,
  path: string,
  gemfile: GemfileGroups | null,
): ExtractResult {
  const lock = readLockfile(content, path);
  const warnings: ExtractWarning[] = [];
  const byName = new Map<string, LockedSpec>();
  for (const spec of lock.specs) if (!byName.has(spec.name)) byName.set(spec.name, spec);
  const purls = new Map<LockedSpec, string>();
  const purlOf = (s: LockedSpec) => {
    let purl = purls.get(s);
    if (purl === undefined) {
      purl = purlFor('RubyGems', s.name, s.version);
      purls.set(s, purl);
    }
    return purl;
  };

  const direct = new Set(lock.dependencies);
  const viaLocal = new Set<string>();
  const edges = new EdgeSet();
  for (const spec of lock.specs) {
    for (const dep of spec.dependencies) {
      const target = byName.get(dep.name);
      if (!target) {
        // Bundler itself is a dependency of some gems (rails < 6) but never a locked spec
        if (dep.name !== 'bundler') {
          warnings.push({
            code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
            message: `${path}:${dep.line}: ${spec.name} depends on ${dep.name}, which is not locked`,
            line: dep.line,
          });
        }
        continue;
      }
      if (spec.local) viaLocal.add(target.name);
      edges.add(purlOf(spec), purlOf(target));
    }
  }

  const packages: ExtractedPackage[] = [];
  const seen = new Set<string>();
  for (const spec of lock.specs) {
    const purl = purlOf(spec);
    if (spec.local || seen.has(purl)) continue;
    seen.add(purl);
    const isDirect = direct.has(spec.name) || viaLocal.has(spec.name);
    packages.push({
      ecosystem: 'RubyGems',
      name: spec.name,
      version: spec.version,
      purl,
      scope: scopeOf(spec.name, isDirect, direct.has(spec.name), gemfile),
      direct: isDirect,
      licenses: [],
    });
  }
  return { packages, edges: edges.edges, warnings };
}

/**
 * Without the Gemfile nothing says which group a gem is in. With it: a gem declared only in
 * development/test groups is `dev`; a DEPENDENCIES gem the Gemfile does not name comes from the
 * gemspec's development dependencies when there is a `gemspec` line; other direct gems are `prod`.
 */
function scopeOf(name: string, isDirect: boolean, listed: boolean, gemfile: GemfileGroups | null): Scope {
  if (!gemfile || !isDirect) return 'unknown';
  const groups = gemfile.groups.get(name);
  if (groups) return [...groups].every((g) => devGroups.has(g)) ? 'dev' : 'prod';
  if (listed && gemfile.gemspec) return 'dev';
  return 'prod';
}
