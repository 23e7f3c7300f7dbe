import { EdgeSet } from '../../../core/edge-set.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import { isInstalledKey, type LockNode, type NpmLock } from './extract.js';

type Resolution = { node: LockNode } | { outside: true } | undefined;

/**
 * Packages, direct flags and edges of a lockfile's folder map. Every dependency is resolved the way
 * Node resolves it: the dependent's own node_modules first, then each folder up to the project root.
 * `manifest` stands in for the project's entry when the lockfile has none (v1, hidden lockfile).
 */
export function npmLockResult(lock: NpmLock, manifest: LockNode | null, hidden: boolean): ExtractResult {
  const nodes = new Map(lock.nodes);
  if (!lock.hasRoot && manifest) nodes.set('', manifest);
  const knowsRoot = nodes.has('');
  const warnings: ExtractWarning[] = [];
  const purls = new Map<LockNode, string | null>();
  const purlOf = (node: LockNode) => {
    if (!purls.has(node)) purls.set(node, safePurl(node.name, node.version));
    return purls.get(node) ?? null;
  };

  const resolve = (from: string, dep: string): Resolution => {
    const key = lookup(from, dep, nodes);
    const found = key === undefined ? undefined : nodes.get(key);
    if (found?.linkTo === undefined) return found && { node: found };
    const target = nodes.get(found.linkTo);
    return target ? { node: target } : { outside: true };
  };

  const direct = new Set<string>();
  const edges = new EdgeSet();
  for (const node of nodes.values()) {
    const declaresOwn = node.local && node.linkTo === undefined && !isInstalledKey(node.key);
    const from = purlOf(node);
    for (const dep of node.deps) {
      const found = resolve(node.key, dep.name);
      if (found === undefined) {
        if (dep.kind === 'prod' || (dep.kind === 'dev' && !hidden)) {
          warnings.push({
            code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
            message: `${node.key || '(project)'} depends on "${dep.name}", which is not installed where Node would look`,
          });
        }
        continue;
      }
      if (!('node' in found)) continue; // a link to a folder outside the lockfile
      const to = purlOf(found.node);
      if (to === null) continue;
      if (declaresOwn && !found.node.local) direct.add(to);
      if (from !== null) edges.add(from, to);
    }
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const node of nodes.values()) {
    if (node.local || !isInstalledKey(node.key)) continue;
    const purl = purlOf(node);
    if (purl === null) {
      warnings.push({ code: 'ERR_OSPO_INVALID_PACKAGE', message: `${node.key}: no usable package name` });
      continue;
    }
    const seen = packages.get(purl);
    if (seen) {
      // One name@version installed in several folders: the widest scope wins.
      if (rank[node.scope] < rank[seen.scope]) seen.scope = node.scope;
      continue;
    }
    packages.set(purl, {
      ecosystem: 'npm',
      name: node.name,
      version: node.version,
      purl,
      scope: node.scope,
      direct: knowsRoot ? direct.has(purl) : null,
      licenses: node.licenses,
    });
  }
  return { packages: [...packages.values()], edges: edges.edges, warnings };
}

const rank: Record<Scope, number> = { prod: 0, optional: 1, peer: 2, dev: 3, unknown: 4 };

/** Node's lookup: `<dir>/node_modules/<name>` for the dependent's folder and each folder above it. */
function lookup(from: string, name: string, nodes: Map<string, LockNode>): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (nodes.has(candidate)) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/** A purl, or null for a name no purl can hold (empty, blank). */
function safePurl(name: string, version: string | null): string | null {
  if (name.trim() === '') return null;
  try {
    return purlFor('npm', name, version);
  } catch {
    return null;
  }
}
