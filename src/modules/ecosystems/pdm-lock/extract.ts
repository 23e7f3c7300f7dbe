import { z } from 'zod';
import { expectShape, parseTomlFile } from '../../../core/formats.js';
import { reachable } from '../../../core/graph.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { parseRequirement } from '../../../core/pep508.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';
import { type Declared, readPyproject } from './pyproject.js';

const packageShape = z.object({
  name: z.string().min(1),
  version: z.string().min(1).optional(),
  groups: z.array(z.string()).optional(),
  dependencies: z.array(z.string()).optional(),
  path: z.string().optional(),
  url: z.string().optional(),
  git: z.string().optional(),
  hg: z.string().optional(),
  svn: z.string().optional(),
  bzr: z.string().optional(),
});

const pdmLockShape = z.object({
  metadata: z.object({ lock_version: z.string().optional() }).optional(),
  package: z.array(packageShape).default([]),
});

type Entry = z.infer<typeof packageShape>;

/** One locked distribution; PDM repeats it once per set of extras, and those entries are merged here. */
interface Node {
  name: string;
  version: string | null;
  purl: string;
  /** A `path` entry (editable or not): the project's own code, not a package. */
  local: boolean;
  groups: Set<string> | null;
  dependencies: string[];
  children: Node[];
}

const vcsKeys = ['git', 'hg', 'svn', 'bzr'] as const;

/**
 * pdm.lock, lock_version 3.x-4.x. Newer locks (PDM 2.11+) record each package's `groups`; older ones do
 * not, and their scopes are inferred from the sibling pyproject.toml by walking the graph.
 */
export function extractPdmLock(
  content: string,
  path: string,
  pyproject: { path: string; content: string } | null,
): ExtractResult {
  const lock = expectShape(pdmLockShape, parseTomlFile(content, path), path, 'pdm.lock');
  const warnings: ExtractWarning[] = [];
  const lockVersion = lock.metadata?.lock_version;
  if (lockVersion !== undefined && Number.parseInt(lockVersion, 10) > 4) {
    warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `${path}: lock_version ${lockVersion} is newer than this reader; read as 4.5`,
    });
  }
  const declared = pyproject ? readPyproject(pyproject.content, pyproject.path, warnings) : null;
  const nodes = mergeExtras(lock.package, warnings);
  const byName = new Map<string, Node[]>();
  for (const n of nodes) byName.set(n.name, [...(byName.get(n.name) ?? []), n]);

  const edges = new Map<string, DependencyEdge>();
  const addEdge = (from: string, to: string) => {
    if (from !== to) edges.set(`${from} ${to}`, { from, to });
  };
  for (const n of nodes) {
    for (const text of n.dependencies) {
      const requirement = parseRequirement(text);
      const targets = requirement ? (byName.get(normalizePypiName(requirement.name)) ?? []) : [];
      if (targets.length === 0 && !requirement?.marker) {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${n.name} ${n.version ?? ''} depends on "${text}", which is not locked`,
        });
      }
      for (const t of targets) {
        addEdge(n.purl, t.purl);
        if (t !== n) n.children.push(t);
      }
    }
  }

  const all = declared ? new Set([...declared.prod, ...declared.optional, ...declared.dev]) : null;
  if (declared?.name && all) {
    const root = purlFor('PyPI', declared.name, declared.version);
    for (const name of all) for (const t of byName.get(name) ?? []) addEdge(root, t.purl);
  }

  const inferred = declared ? inferScopes(declared, byName) : null;
  const packages: ExtractedPackage[] = nodes
    .filter((n) => !n.local)
    .map((n) => ({
      ecosystem: 'PyPI',
      name: n.name,
      version: n.version,
      purl: n.purl,
      scope: (n.groups ? groupScope(n.groups, declared) : inferred?.(n)) ?? 'unknown',
      direct: all ? all.has(n.name) : null,
      licenses: [],
    }));
  return { packages, edges: [...edges.values()], warnings };
}

/** Entries of one name, version and source (the base and each `extras` variant) become one node. */
function mergeExtras(entries: Entry[], warnings: ExtractWarning[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const entry of entries) {
    const name = normalizePypiName(entry.name);
    const version = entry.version ?? null;
    const vcs = vcsKeys.find((k) => entry[k] !== undefined);
    const origin = entry.path ?? entry.url ?? (vcs ? entry[vcs] : undefined);
    const key = `${name} ${version ?? ''} ${origin ?? ''}`;
    const known = nodes.get(key);
    if (known) {
      known.dependencies.push(...(entry.dependencies ?? []));
      if (known.groups) for (const g of entry.groups ?? []) known.groups.add(g);
      continue;
    }
    const local = entry.path !== undefined;
    if (origin !== undefined) {
      warnings.push({
        code: 'ERR_OSPO_NON_REGISTRY_SOURCE',
        message: local
          ? `${name} is a local path (${origin}): the project's own code, not reported as a package`
          : `${name} ${version ?? ''} comes from ${vcs ?? 'url'} ${origin}, not from a package index`,
      });
    }
    nodes.set(key, {
      name,
      version,
      purl: purlFor('PyPI', name, version),
      local,
      groups: entry.groups ? new Set(entry.groups) : null,
      dependencies: [...(entry.dependencies ?? [])],
      children: [],
    });
  }
  return [...nodes.values()];
}

/** `default` is the project's own dependencies; other groups are extras or dev groups, as pyproject says. */
function groupScope(groups: Set<string>, declared: Declared | null): Scope {
  if (groups.has('default')) return 'prod';
  if (!declared) return 'unknown';
  const kinds = [...groups].map((g) => declared.groups.get(normalizePypiName(g)));
  if (kinds.includes('optional')) return 'optional';
  return kinds.includes('dev') ? 'dev' : 'unknown';
}

/** Locks without `groups`: reachable from a prod declaration is prod, else from an extra, else from dev. */
function inferScopes(declared: Declared, byName: Map<string, Node[]>): (n: Node) => Scope | null {
  const reach = (names: Set<string>) =>
    reachable(
      [...names].flatMap((name) => byName.get(name) ?? []),
      (n) => n.children,
    );
  const prod = reach(declared.prod);
  const optional = reach(declared.optional);
  const dev = reach(declared.dev);
  return (n) => {
    if (prod.has(n)) return 'prod';
    if (optional.has(n)) return 'optional';
    return dev.has(n) ? 'dev' : null;
  };
}
