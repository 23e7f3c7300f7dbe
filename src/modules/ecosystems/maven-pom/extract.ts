import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractInput,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import { Interpolator } from './interpolate.js';
import { loadParents } from './parents.js';
import { type Pom, type PomDependency, readPom } from './pom.js';

/**
 * A pom.xml: its declared `<dependencies>`, with versions and scopes completed from properties and
 * `<dependencyManagement>`, its own and its parents' found in the scanned tree. Everything here is
 * direct; Maven resolves the transitive graph only against a repository.
 */
export async function extractMavenPom(input: ExtractInput): Promise<ExtractResult> {
  const pom = readPom(input.content, input.path);
  const warnings: ExtractWarning[] = [];
  const parents = await loadParents(pom, input.path, input.readFile, warnings);
  const interpolator = new Interpolator(propertyTable(pom, parents));
  const managed = managedDependencies(input.path, pom, parents, interpolator, warnings);

  const groupId = interpolator.value(pom.groupId ?? pom.parent?.groupId);
  const artifactId = interpolator.value(pom.artifactId);
  const self = groupId && artifactId ? `${groupId}:${artifactId}` : null;
  const root = self ? purlFor('Maven', self, versionOf(pom.version ?? pom.parent?.version)) : null;

  const byPurl = new Map<string, ExtractedPackage>();
  for (const dependency of pom.dependencies) {
    const g = interpolator.value(dependency.groupId);
    const a = interpolator.value(dependency.artifactId);
    if (!g || !a) {
      warnings.push({
        code: 'ERR_OSPO_INVALID_PACKAGE',
        message: `${input.path}: a dependency without a resolvable groupId and artifactId (${describe(dependency)})`,
      });
      continue;
    }
    const name = `${g}:${a}`;
    if (name === self) continue;
    const rule = managed.get(managementKey(g, a, dependency, interpolator));
    const version = resolveVersion(
      name,
      dependency.version ?? rule?.version,
      interpolator,
      input.path,
      warnings,
    );
    const scope = scopeOf(
      dependency.scope ?? rule?.scope,
      dependency.optional ?? rule?.optional,
      interpolator,
    );
    const found: ExtractedPackage = {
      ecosystem: 'Maven',
      name,
      version,
      purl: purlFor('Maven', name, version),
      scope,
      direct: true,
      licenses: [],
    };
    const seen = byPurl.get(found.purl);
    // the same artifact twice (a jar and its test-jar): one package, with the strongest scope
    if (!seen || rank(scope) < rank(seen.scope)) byPurl.set(found.purl, found);
  }

  const packages = [...byPurl.values()];
  const edges: DependencyEdge[] = root ? packages.map((p) => ({ from: root, to: p.purl })) : [];
  return { packages, edges, warnings };

  function versionOf(raw: string | undefined): string | null {
    const value = interpolator.value(raw);
    return value && !isRange(value) ? value : null;
  }
}

/** Farthest parent first, so nearer poms override; then the coordinates Maven defines itself. */
function propertyTable(pom: Pom, parents: Pom[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const p of [...parents].reverse()) for (const [k, v] of p.properties) table.set(k, v);
  for (const [k, v] of pom.properties) table.set(k, v);
  const builtins: [string[], string | undefined][] = [
    [['project.groupId', 'pom.groupId', 'groupId'], pom.groupId ?? pom.parent?.groupId],
    [['project.artifactId', 'pom.artifactId', 'artifactId'], pom.artifactId],
    [['project.version', 'pom.version', 'version'], pom.version ?? pom.parent?.version],
    [['project.parent.groupId', 'parent.groupId'], pom.parent?.groupId],
    [['project.parent.artifactId', 'parent.artifactId'], pom.parent?.artifactId],
    [['project.parent.version', 'parent.version'], pom.parent?.version],
  ];
  for (const [names, value] of builtins) {
    if (value === undefined) continue;
    for (const name of names) table.set(name, value);
  }
  return table;
}

/** `<dependencyManagement>` of the pom and its parents, nearest winning; BOM imports cannot be read offline. */
function managedDependencies(
  path: string,
  pom: Pom,
  parents: Pom[],
  interpolator: Interpolator,
  warnings: ExtractWarning[],
): Map<string, PomDependency> {
  const rules = new Map<string, PomDependency>();
  for (const p of [...parents].reverse().concat(pom)) {
    for (const rule of p.managed) {
      const g = interpolator.value(rule.groupId);
      const a = interpolator.value(rule.artifactId);
      if (!g || !a) continue;
      if (interpolator.value(rule.scope) === 'import') {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_BOM',
          message: `${path}: ${g}:${a} is an imported BOM, which cannot be read offline; the versions it manages stay unknown`,
        });
        continue;
      }
      rules.set(managementKey(g, a, rule, interpolator), rule);
    }
  }
  return rules;
}

/** Maven matches management entries on groupId, artifactId, type and classifier. */
function managementKey(g: string, a: string, d: PomDependency, interpolator: Interpolator): string {
  const type = interpolator.value(d.type) || 'jar';
  const classifier = interpolator.value(d.classifier) ?? '';
  return `${g}:${a}:${type}:${classifier}`;
}

function resolveVersion(
  name: string,
  raw: string | undefined,
  interpolator: Interpolator,
  path: string,
  warnings: ExtractWarning[],
): string | null {
  if (raw === undefined || raw === '') {
    warnings.push({
      code: 'ERR_OSPO_UNRESOLVED_VERSION',
      message: `${path}: ${name} has no version and no <dependencyManagement> entry found in the tree`,
    });
    return null;
  }
  const expanded = interpolator.expand(raw);
  if (expanded.value === null || expanded.value === '') {
    const why = expanded.value === null ? `\${${expanded.missing}} is undefined or circular` : 'it is empty';
    warnings.push({
      code: 'ERR_OSPO_UNRESOLVED_VERSION',
      message: `${path}: ${name} version "${raw}" cannot be resolved (${why})`,
    });
    return null;
  }
  if (isRange(expanded.value)) {
    warnings.push({
      code: 'ERR_OSPO_VERSION_RANGE',
      message: `${path}: ${name} asks for "${expanded.value}", which only a repository can resolve`,
    });
    return null;
  }
  return expanded.value;
}

/** Ranges like `[1.0,2.0)`, and the LATEST/RELEASE meta-versions of Maven 2. */
function isRange(version: string): boolean {
  return /^[[(]/.test(version) || version === 'LATEST' || version === 'RELEASE';
}

function scopeOf(scope: string | undefined, optional: string | undefined, interpolator: Interpolator): Scope {
  const declared = scope === undefined || scope === '' ? 'compile' : interpolator.value(scope);
  if (declared === 'test') return 'dev';
  if (interpolator.value(optional) === 'true') return 'optional';
  if (declared === 'compile' || declared === 'runtime') return 'prod';
  // provided: the runtime container supplies it, it does not ship with the project; system: a local jar,
  // not a repository artifact. Neither is plainly prod, so left for policy to decide.
  return 'unknown';
}

const scopeRank: Record<Scope, number> = { prod: 0, optional: 1, peer: 2, unknown: 3, dev: 4 };
function rank(scope: Scope): number {
  return scopeRank[scope];
}

function describe(d: PomDependency): string {
  return [d.groupId, d.artifactId, d.version].map((x) => x ?? '?').join(':');
}
