import { EdgeSet } from '../../../core/edge-set.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import type { DepKind, Manifest } from './manifest.js';
import type { YarnEntry, YarnLock } from './parse.js';

/** The project or a workspace: where declarations, and so direct dependencies and scopes, start. */
interface Root {
  purl: string | null;
  entry?: YarnEntry;
  /** kind null: declared (Berry's workspace entry says so) but no package.json tells how. */
  deps: { name: string; range: string; kind: DepKind | null }[];
}
type Node = YarnEntry | Root;

const rank: Record<DepKind, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };
const scopeOfRank: Scope[] = ['prod', 'optional', 'peer', 'dev'];
const unlocked = /^(link|portal|workspace):/;

/**
 * Resolve every dependency to the entry whose descriptors hold `name@range` (Berry also
 * `name@npm:range`), then give each package the widest scope of any path from a root to it: a path is
 * as narrow as its narrowest step (prod > optional > peer > dev). `manifests` maps a workspace folder
 * (`.` for the project) to its package.json, null when there is none.
 */
export function yarnLockResult(lock: YarnLock, manifests: Map<string, Manifest | null>): ExtractResult {
  const warnings: ExtractWarning[] = [];
  const byDescriptor = new Map<string, YarnEntry>();
  for (const e of lock.entries) for (const d of e.descriptors) byDescriptor.set(d, e);
  const find = (name: string, range: string): YarnEntry | undefined =>
    byDescriptor.get(`${name}@${range}`) ??
    byDescriptor.get(`${name}@npm:${range}`) ??
    (range.startsWith('npm:') ? byDescriptor.get(`${name}@${range.slice(4)}`) : undefined);

  const roots = rootsOf(lock, manifests);
  const rootOfEntry = new Map<YarnEntry, Root>();
  for (const r of roots) if (r.entry) rootOfEntry.set(r.entry, r);

  const purls = new Map<YarnEntry, string | null>();
  const purlOf = (n: Node): string | null => {
    if (!('descriptors' in n)) return n.purl;
    const root = rootOfEntry.get(n);
    if (root) return root.purl;
    if (!purls.has(n)) purls.set(n, safePurl(n.name, n.version));
    return purls.get(n) ?? null;
  };

  const targets = new Map<Node, { kind: DepKind | null; to: YarnEntry }[]>();
  const link = (from: Node, label: string, dep: { name: string; range: string }, kind: DepKind | null) => {
    const to = find(dep.name, dep.range);
    if (to) {
      const list = targets.get(from);
      if (list) list.push({ kind, to });
      else targets.set(from, [{ kind, to }]);
    } else if (kind !== 'optional' && kind !== 'peer' && !unlocked.test(dep.range)) {
      warnings.push({
        code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
        message: `${label} depends on "${dep.name}@${dep.range}", which is not locked`,
      });
    }
  };
  for (const r of roots) for (const d of r.deps) link(r, r.entry?.name ?? '(project)', d, d.kind);
  for (const e of lock.entries) {
    if (rootOfEntry.has(e)) continue;
    for (const d of e.deps) link(e, e.name, d, d.optional ? 'optional' : 'prod');
  }

  const best = new Map<YarnEntry, number>();
  const queue: [YarnEntry, number][] = [];
  for (const r of roots) {
    for (const t of targets.get(r) ?? [])
      if (t.kind !== null && !rootOfEntry.has(t.to)) queue.push([t.to, rank[t.kind]]);
  }
  for (let i = 0; i < queue.length; i++) {
    const [n, r] = queue[i] ?? [];
    if (!n || r === undefined || (best.get(n) ?? 9) <= r) continue;
    best.set(n, r);
    for (const t of targets.get(n) ?? []) {
      if (!rootOfEntry.has(t.to)) queue.push([t.to, Math.max(r, rank[t.kind ?? 'prod'])]);
    }
  }

  const direct = new Set<YarnEntry>();
  const edges = new EdgeSet();
  for (const [n, found] of targets) {
    const from = purlOf(n);
    for (const { to: target } of found) {
      if (!('descriptors' in n) || rootOfEntry.has(n)) direct.add(target);
      const to = purlOf(target);
      if (from !== null && to !== null && from !== to) edges.add(from, to);
    }
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const e of lock.entries) {
    if (e.kind !== 'package') continue;
    const purl = purlOf(e);
    if (purl === null) {
      warnings.push({
        code: 'ERR_OSPO_INVALID_PACKAGE',
        message: `${e.descriptors[0]}: no usable package name`,
      });
      continue;
    }
    const r = best.get(e);
    const seen = packages.get(purl);
    if (seen) {
      if (r !== undefined && (seen.scope === 'unknown' || r < scopeOfRank.indexOf(seen.scope))) {
        seen.scope = scopeOfRank[r] ?? 'unknown';
      }
      if (direct.has(e)) seen.direct = true;
      continue;
    }
    packages.set(purl, {
      ecosystem: 'npm',
      name: e.name,
      version: e.version,
      purl,
      scope: r === undefined ? 'unknown' : (scopeOfRank[r] ?? 'unknown'),
      direct: roots.length === 0 ? null : direct.has(e),
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: edges.edges, warnings };
}

/**
 * Berry records each workspace with what it depends on (dependencies and devDependencies together);
 * its package.json says which is which. v1 records no workspace: the project's package.json is the root.
 */
function rootsOf(lock: YarnLock, manifests: Map<string, Manifest | null>): Root[] {
  const roots: Root[] = [];
  for (const e of lock.entries) {
    if (e.kind !== 'workspace' || e.workspace === undefined) continue;
    const m = manifests.get(e.workspace) ?? null;
    const deps: Root['deps'] = e.deps.map((d) => ({
      ...d,
      kind: m ? (m.declares.get(d.name)?.kind ?? null) : null,
    }));
    for (const [name, d] of m?.declares ?? []) {
      if (d.kind === 'peer' && e.peers.includes(name) && !deps.some((x) => x.name === name)) {
        deps.push({ name, range: d.range, kind: 'peer' });
      }
    }
    roots.push({ purl: safePurl(m?.name ?? e.name, m?.version ?? null), entry: e, deps });
  }
  if (roots.length > 0) return roots;
  const project = manifests.get('.');
  if (!project) return [];
  const deps = [...project.declares].map(([name, d]) => ({ name, range: d.range, kind: d.kind }));
  return [{ purl: project.name ? safePurl(project.name, project.version) : null, deps }];
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
