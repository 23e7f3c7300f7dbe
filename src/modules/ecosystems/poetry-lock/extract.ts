import { z } from 'zod';
import { EdgeSet } from '../../../core/edge-set.js';
import { expectShape, parseTomlFile } from '../../../core/formats.js';
import { reachable } from '../../../core/graph.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';
import { type Declared, readPyproject } from './pyproject.js';

const packageShape = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  category: z.string().optional(),
  optional: z.boolean().optional(),
  groups: z.array(z.string()).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
  source: z.object({ type: z.string(), url: z.string().optional() }).optional(),
});

const poetryLockShape = z.object({
  package: z.array(packageShape).default([]),
  metadata: z.object({ 'lock-version': z.string().optional() }).optional(),
});

type Entry = z.infer<typeof packageShape>;

interface Node {
  entry: Entry;
  name: string;
  purl: string;
  /** A directory or file dependency: the project's own code, not a package. */
  local: boolean;
  children: Node[];
}

const localSources = new Set(['directory', 'file']);
const remoteSources = new Set(['git', 'url']);
const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, dev: 2, peer: 1, unknown: 0 };

/**
 * poetry.lock, lock-version 1.x (Poetry 1.0-1.4, `category`), 2.0 (Poetry 1.5-1.8, no scope at all)
 * and 2.1 (Poetry 2, `groups`). `pyproject` is the sibling manifest, when there is one: it says which
 * packages are direct, and gives lock 2.0 its scopes by walking the graph from what it declares.
 */
export function extractPoetryLock(
  content: string,
  path: string,
  pyproject: { path: string; content: string } | null,
): ExtractResult {
  const lock = expectShape(poetryLockShape, parseTomlFile(content, path), path, 'poetry.lock');
  const warnings: ExtractWarning[] = [];
  const lockVersion = lock.metadata?.['lock-version'];
  if (lockVersion !== undefined && Number.parseInt(lockVersion, 10) > 2) {
    warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `${path}: lock-version ${lockVersion} is newer than this reader; read as 2.1`,
    });
  }
  const declared = pyproject ? readPyproject(pyproject.content, pyproject.path, warnings) : null;

  const nodes: Node[] = lock.package.map((entry) => {
    const name = normalizePypiName(entry.name);
    const local = localSources.has(entry.source?.type ?? '');
    return { entry, name, purl: purlFor('PyPI', name, entry.version), local, children: [] };
  });
  const byName = new Map<string, Node[]>();
  for (const n of nodes) {
    const list = byName.get(n.name);
    if (list) list.push(n);
    else byName.set(n.name, [n]);
  }

  const edges = new EdgeSet();
  const addEdge = (from: string, to: string) => {
    if (from !== to) edges.add(from, to);
  };
  for (const n of nodes) {
    sourceWarning(n, warnings);
    for (const [depName, spec] of Object.entries(n.entry.dependencies ?? {})) {
      if (depName.toLowerCase() === 'python') continue; // a constraint on the interpreter, not a package
      const targets = byName.get(normalizePypiName(depName)) ?? [];
      if (targets.length === 0 && !isConditional(spec)) {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${n.name} ${n.entry.version} depends on ${depName}, which is not locked`,
        });
      }
      for (const t of targets) {
        addEdge(n.purl, t.purl);
        n.children.push(t);
      }
    }
  }

  const all = declared ? new Set([...declared.prod, ...declared.optional, ...declared.dev]) : null;
  if (declared?.name && all) {
    const root = purlFor('PyPI', declared.name, declared.version);
    for (const name of all) for (const t of byName.get(name) ?? []) addEdge(root, t.purl);
  }

  const inferred = declared ? inferScopes(declared, byName) : null;
  const packages = new Map<string, ExtractedPackage>();
  for (const n of nodes) {
    if (n.local) continue;
    const scope = lockScope(n.entry) ?? inferred?.(n) ?? 'unknown';
    const known = packages.get(n.purl);
    if (known && scopeRank[known.scope] >= scopeRank[scope]) continue;
    packages.set(n.purl, {
      ecosystem: 'PyPI',
      name: n.name,
      version: n.entry.version,
      purl: n.purl,
      scope,
      direct: all ? all.has(n.name) : null,
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: edges.edges, warnings };
}

/** What the lock itself says: Poetry 2 `groups`, else Poetry 1 `category`; lock 2.0 says neither. */
function lockScope(entry: Entry): Scope | null {
  const main = entry.groups
    ? entry.groups.includes('main')
    : entry.category
      ? entry.category === 'main'
      : null;
  if (main === null) return entry.optional ? 'optional' : null;
  if (!main) return 'dev';
  return entry.optional ? 'optional' : 'prod';
}

/** Lock 2.0: a package reachable from a prod declaration is prod, else from an extra optional, else dev. */
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

/** A dependency under markers, a Python constraint or an extra is legitimately missing from the lock. */
function isConditional(spec: unknown): boolean {
  if (Array.isArray(spec)) return true;
  if (typeof spec !== 'object' || spec === null) return false;
  return 'markers' in spec || 'python' in spec || ('optional' in spec && spec.optional === true);
}

function sourceWarning(n: Node, warnings: ExtractWarning[]): void {
  const source = n.entry.source;
  if (!source) return;
  const where = source.url ? ` (${source.url})` : '';
  if (n.local) {
    warnings.push({
      code: 'ERR_OSPO_NON_REGISTRY_SOURCE',
      message: `${n.name} is a local ${source.type}${where}: the project's own code, not reported as a package`,
    });
  } else if (remoteSources.has(source.type)) {
    warnings.push({
      code: 'ERR_OSPO_NON_REGISTRY_SOURCE',
      message: `${n.name} ${n.entry.version} comes from ${source.type}${where}, not from a package index`,
    });
  }
}
