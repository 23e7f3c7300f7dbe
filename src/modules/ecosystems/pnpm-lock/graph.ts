import { posix } from 'node:path';
import { EdgeSet } from '../../../core/edge-set.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import type { DepKind, PnpmImporter, PnpmLock, PnpmNode } from './parse.js';

/** An importer's name and version, from its package.json; null when that cannot be read. */
export type ImporterManifest = { name: string; version: string | null } | null;

const rank: Record<DepKind, number> = { prod: 0, optional: 1, dev: 2 };
const scopeOfRank: Scope[] = ['prod', 'optional', 'dev'];

/**
 * Resolve importers' and packages' dependencies to package keys the way each lockfile version writes
 * them, mark what an importer depends on as direct, and take scopes from v5/v6's `dev`/`optional` flags
 * or, in v9 which has none, propagate them from the importers (widest wins: prod > optional > dev).
 */
export function pnpmLockResult(lock: PnpmLock, manifests: Map<string, ImporterManifest>): ExtractResult {
  const warnings: ExtractWarning[] = [];
  // v9 keys never start with `/`: the three candidates that do are not worth building there
  let slashed = false;
  for (const key of lock.nodes.keys()) {
    if (key.startsWith('/')) {
      slashed = true;
      break;
    }
  }
  const find = (name: string, ref: string): PnpmNode | undefined =>
    lock.nodes.get(ref) ??
    (slashed
      ? (lock.nodes.get(`/${ref}`) ?? lock.nodes.get(`/${name}/${ref}`) ?? lock.nodes.get(`/${name}@${ref}`))
      : undefined) ??
    lock.nodes.get(`${name}@${ref}`);
  const importerPurl = (i: PnpmImporter) => {
    const m = manifests.get(i.path);
    return m ? safePurl(m.name, m.version) : null;
  };
  const byPath = new Map(lock.importers.map((i) => [posix.normalize(i.path), i]));

  const direct = new Set<PnpmNode>();
  const edges = new EdgeSet();
  const addEdge = (from: string | null, to: string | null) => {
    if (from !== null && to !== null && from !== to) edges.add(from, to);
  };
  const unresolved = (who: string, name: string, ref: string) =>
    warnings.push({
      code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
      message: `${who} depends on "${name}" (${ref}), which is not locked`,
    });

  const queue: [PnpmNode, number][] = [];
  for (const i of lock.importers) {
    const from = importerPurl(i);
    for (const d of i.deps) {
      if (d.ref.startsWith('link:')) {
        const linked = byPath.get(posix.normalize(posix.join(i.path, d.ref.slice('link:'.length))));
        if (linked) addEdge(from, importerPurl(linked));
        continue;
      }
      const to = find(d.name, d.ref);
      if (!to) {
        if (d.kind !== 'optional') unresolved(`importer ${i.path}`, d.name, d.ref);
        continue;
      }
      if (!to.local) direct.add(to);
      queue.push([to, rank[d.kind]]);
      addEdge(from, purlOf(to));
    }
  }

  const targets = new Map<PnpmNode, { to: PnpmNode; optional: boolean }[]>();
  for (const n of lock.nodes.values()) {
    const found: { to: PnpmNode; optional: boolean }[] = [];
    const from = purlOf(n);
    for (const d of n.deps) {
      if (d.ref.startsWith('link:')) continue;
      const to = find(d.name, d.ref);
      if (to) found.push({ to, optional: d.optional });
      else if (!d.optional) unresolved(n.key, d.name, d.ref);
      if (to) addEdge(from, purlOf(to));
    }
    targets.set(n, found);
  }

  const best = new Map<PnpmNode, number>();
  for (let i = 0; i < queue.length; i++) {
    const [n, r] = queue[i] ?? [];
    if (!n || r === undefined || (best.get(n) ?? 9) <= r) continue;
    best.set(n, r);
    for (const t of targets.get(n) ?? []) queue.push([t.to, Math.max(r, t.optional ? rank.optional : r)]);
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const n of lock.nodes.values()) {
    if (n.local) continue;
    const purl = purlOf(n);
    if (purl === null || n.name === null) {
      warnings.push({ code: 'ERR_OSPO_INVALID_PACKAGE', message: `${n.key}: no usable package name` });
      continue;
    }
    const r = best.get(n);
    const scope: Scope = n.flagged ?? (r === undefined ? 'unknown' : (scopeOfRank[r] ?? 'unknown'));
    const seen = packages.get(purl);
    if (seen) {
      if (wider(scope, seen.scope)) seen.scope = scope;
      if (direct.has(n)) seen.direct = true;
      continue;
    }
    packages.set(purl, {
      ecosystem: 'npm',
      name: n.name,
      version: n.version,
      purl,
      scope,
      direct: direct.has(n),
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: edges.edges, warnings };
}

const purls = new WeakMap<PnpmNode, string | null>();
function purlOf(n: PnpmNode): string | null {
  let purl = purls.get(n);
  if (purl === undefined) {
    purl = n.name === null ? null : safePurl(n.name, n.version);
    purls.set(n, purl);
  }
  return purl;
}

function wider(a: Scope, b: Scope): boolean {
  if (b === 'unknown') return a !== 'unknown';
  const ia = scopeOfRank.indexOf(a);
  return ia >= 0 && ia < scopeOfRank.indexOf(b);
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
