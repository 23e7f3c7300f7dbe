import { z } from 'zod';
import { expectShape, parseTomlFile } from '../../../core/formats.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';
import { type Link, reach, type UvNode } from './graph.js';

const sourceShape = z.record(z.string(), z.unknown());
const depShape = z.object({
  name: z.string().min(1),
  version: z.string().optional(),
  source: sourceShape.optional(),
  extra: z.array(z.string()).optional(),
  marker: z.string().optional(),
});
const groupsShape = z.record(z.string(), z.array(depShape));

const packageShape = z.object({
  name: z.string().min(1),
  version: z.string().min(1).optional(),
  source: sourceShape.optional(),
  dependencies: z.array(depShape).optional(),
  'optional-dependencies': groupsShape.optional(),
  'dev-dependencies': groupsShape.optional(),
  'dependency-groups': groupsShape.optional(),
});

const uvLockShape = z.object({
  version: z.number().int().optional(),
  package: z.array(packageShape).default([]),
  manifest: z.object({ 'dependency-groups': groupsShape.optional() }).optional(),
});

type Entry = z.infer<typeof packageShape>;
type Dep = z.infer<typeof depShape>;

/** Sources that are the project's own code: workspace members, path and editable dependencies. */
const localSources = ['editable', 'virtual', 'workspace', 'path', 'directory'];
const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, dev: 2, peer: 1, unknown: 0 };

/**
 * uv.lock, version 1 (every revision). Local packages (the project, workspace members, path and editable
 * dependencies) are not packages but the roots of the graph: what they depend on is direct, and scopes
 * flow down from them, following a package's extras only where a dependent asks for them.
 */
export function extractUvLock(content: string, path: string): ExtractResult {
  const lock = expectShape(uvLockShape, parseTomlFile(content, path), path, 'uv.lock');
  const warnings: ExtractWarning[] = [];
  if (lock.version !== undefined && lock.version > 1) {
    warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `${path}: version ${lock.version} is newer than this reader; read as version 1`,
    });
  }
  const entries = new Map<UvNode, Entry>();
  const byName = new Map<string, UvNode[]>();
  for (const entry of lock.package) {
    const name = normalizePypiName(entry.name);
    const version = entry.version ?? null;
    const local = localSources.some((k) => entry.source?.[k] !== undefined);
    const node: UvNode = {
      name,
      version,
      purl: purlFor('PyPI', name, version),
      sourceKey: JSON.stringify(entry.source ?? {}),
      local,
      deps: [],
      extras: new Map(),
      groups: [],
    };
    entries.set(node, entry);
    byName.set(name, [...(byName.get(name) ?? []), node]);
  }

  const link = (from: string, dep: Dep): Link | null => {
    const target = resolve(dep, byName);
    if (target) return { node: target, extras: dep.extra ?? [] };
    warnings.push({
      code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
      message: `${from} depends on ${dep.name}${dep.version ? ` ${dep.version}` : ''}, which is not locked`,
    });
    return null;
  };
  const links = (from: string, deps: Dep[] | undefined) => (deps ?? []).flatMap((d) => link(from, d) ?? []);

  const roots = { prod: [] as Link[], optional: [] as Link[], dev: [] as Link[] };
  for (const [node, entry] of entries) {
    node.deps = links(node.name, entry.dependencies);
    for (const [extra, deps] of Object.entries(entry['optional-dependencies'] ?? {})) {
      node.extras.set(extra, links(node.name, deps));
    }
    const groups = { ...entry['dependency-groups'], ...entry['dev-dependencies'] };
    node.groups = Object.values(groups).flatMap((deps) => links(node.name, deps));
    if (!node.local) continue;
    roots.prod.push(...node.deps);
    roots.optional.push(...[...node.extras.values()].flat());
    roots.dev.push(...node.groups);
  }
  for (const deps of Object.values(lock.manifest?.['dependency-groups'] ?? {})) {
    roots.dev.push(...links('the workspace', deps));
  }

  const edges = new Map<string, DependencyEdge>();
  for (const node of entries.keys()) {
    for (const l of [...node.deps, ...[...node.extras.values()].flat(), ...node.groups]) {
      if (l.node !== node) edges.set(`${node.purl} ${l.node.purl}`, { from: node.purl, to: l.node.purl });
    }
  }

  const hasRoots = [...entries.keys()].some((n) => n.local) || roots.dev.length > 0;
  const direct = new Set([...roots.prod, ...roots.optional, ...roots.dev].map((l) => l.node.purl));
  const prod = reach(roots.prod);
  const optional = reach(roots.optional);
  const dev = reach(roots.dev);
  const packages = new Map<string, ExtractedPackage>();
  for (const node of entries.keys()) {
    if (node.local) continue;
    const scope: Scope = prod.has(node)
      ? 'prod'
      : optional.has(node)
        ? 'optional'
        : dev.has(node)
          ? 'dev'
          : 'unknown';
    const known = packages.get(node.purl);
    if (known && scopeRank[known.scope] >= scopeRank[scope]) continue;
    packages.set(node.purl, {
      ecosystem: 'PyPI',
      name: node.name,
      version: node.version,
      purl: node.purl,
      scope,
      direct: hasRoots ? direct.has(node.purl) : null,
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: [...edges.values()], warnings };
}

/** By name; when uv had to say more (a name locked twice), also by version and source. */
function resolve(dep: Dep, byName: Map<string, UvNode[]>): UvNode | undefined {
  let candidates = byName.get(normalizePypiName(dep.name)) ?? [];
  if (dep.version !== undefined) candidates = candidates.filter((c) => c.version === dep.version);
  if (candidates.length > 1 && dep.source !== undefined) {
    const wanted = JSON.stringify(dep.source);
    const exact = candidates.filter((c) => c.sourceKey === wanted);
    if (exact.length > 0) candidates = exact;
  }
  return candidates[0];
}
