import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

export type DepKind = 'prod' | 'dev' | 'optional' | 'peer';

export interface BunNode {
  /** The workspace's folder (`""` for the project) or the package's key. */
  key: string;
  /** True for an entry of `workspaces`: the project or one of its workspace packages. */
  fromWorkspaces: boolean;
  /** Where its dependencies are looked up from: [] for the project, [name] for a workspace. */
  tree: string[];
  name: string;
  version: string | null;
  /** Workspaces, links and folders: not packages of the inventory. */
  local: boolean;
  /** For a `workspace:` entry of `packages`, the folder of the workspace it stands for. */
  workspace?: string;
  deps: { name: string; kind: DepKind }[];
}

const rank: Record<DepKind, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };
const scopeOfRank: Scope[] = ['prod', 'optional', 'peer', 'dev'];

/**
 * Resolve every dependency as Bun does (the dependent's own subtree, then each level up to the top),
 * then give each package the widest scope of any path from a workspace's declarations to it.
 */
export function bunLockResult(nodes: BunNode[]): ExtractResult {
  const warnings: ExtractWarning[] = [];
  const byKey = new Map<string, BunNode>();
  const workspaces = new Map<string, BunNode>();
  for (const n of nodes) (n.fromWorkspaces ? workspaces : byKey).set(n.key, n);

  const find = (from: BunNode, dep: string): BunNode | undefined => {
    for (let depth = from.tree.length; depth >= 0; depth--) {
      const hit = byKey.get([...from.tree.slice(0, depth), dep].join('/'));
      if (hit) return hit.workspace === undefined ? hit : workspaces.get(hit.workspace);
    }
    return undefined;
  };

  const targets = new Map<BunNode, { kind: DepKind; to: BunNode }[]>();
  for (const n of [...workspaces.values(), ...byKey.values()]) {
    const found: { kind: DepKind; to: BunNode }[] = [];
    for (const dep of n.deps) {
      const to = find(n, dep.name);
      if (to) found.push({ kind: dep.kind, to });
      else if (dep.kind === 'prod' || dep.kind === 'dev') {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${n.name || '(project)'} depends on "${dep.name}", which is not locked`,
        });
      }
    }
    targets.set(n, found);
  }

  const best = new Map<BunNode, number>();
  const queue: [BunNode, number][] = [];
  for (const ws of workspaces.values()) {
    for (const t of targets.get(ws) ?? []) if (!t.to.fromWorkspaces) queue.push([t.to, rank[t.kind]]);
  }
  for (let i = 0; i < queue.length; i++) {
    const [n, r] = queue[i] ?? [];
    if (!n || r === undefined || (best.get(n) ?? 9) <= r) continue;
    best.set(n, r);
    for (const t of targets.get(n) ?? []) {
      if (!t.to.fromWorkspaces) queue.push([t.to, Math.max(r, rank[t.kind])]);
    }
  }

  const purls = new Map<BunNode, string | null>();
  const purlOf = (n: BunNode) => {
    if (!purls.has(n)) purls.set(n, safePurl(n.name, n.version));
    return purls.get(n) ?? null;
  };
  const direct = new Set<string>();
  const edges = new Map<string, DependencyEdge>();
  for (const [n, found] of targets) {
    const from = purlOf(n);
    for (const { to: target } of found) {
      const to = purlOf(target);
      if (to === null) continue;
      if (n.fromWorkspaces && !target.local) direct.add(to);
      if (from !== null && from !== to) edges.set(`${from} ${to}`, { from, to });
    }
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const n of byKey.values()) {
    if (n.local) continue;
    const purl = purlOf(n);
    if (purl === null) {
      warnings.push({ code: 'ERR_OSPO_INVALID_PACKAGE', message: `${n.key}: no usable package name` });
      continue;
    }
    const r = best.get(n);
    const scope: Scope = r === undefined ? 'unknown' : (scopeOfRank[r] ?? 'unknown');
    const seen = packages.get(purl);
    if (seen) {
      if (r !== undefined && (seen.scope === 'unknown' || r < scopeOfRank.indexOf(seen.scope)))
        seen.scope = scope;
      continue;
    }
    packages.set(purl, {
      ecosystem: 'npm',
      name: n.name,
      version: n.version,
      purl,
      scope,
      direct: direct.has(purl),
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: [...edges.values()], warnings };
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
