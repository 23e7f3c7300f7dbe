import { z } from 'zod';
import { expectShape, parseTomlFile } from '../../../core/formats.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const cargoLockShape = z.object({
  version: z.number().int().optional(),
  package: z
    .array(
      z.object({
        name: z.string().min(1),
        version: z.string().min(1),
        source: z.string().optional(),
        dependencies: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});

type LockedPackage = z.infer<typeof cargoLockShape>['package'][number];

/**
 * Cargo.lock v1-v4. Packages without `source` are the workspace's own crates: they are not
 * dependencies, but they are where direct dependencies hang, and the `from` of their edges.
 */
export function extractCargoLock(content: string, path: string): ExtractResult {
  const lock = expectShape(cargoLockShape, parseTomlFile(content, path), path, 'Cargo.lock');
  const warnings: ExtractWarning[] = [];
  const byName = new Map<string, LockedPackage[]>();
  for (const p of lock.package) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }

  const purls = new Map<LockedPackage, string>();
  const purlOf = (p: LockedPackage) => {
    let purl = purls.get(p);
    if (purl === undefined) {
      purl = purlFor('crates.io', p.name, p.version);
      purls.set(p, purl);
    }
    return purl;
  };
  const isLocal = (p: LockedPackage) => p.source === undefined || p.source.startsWith('path+');
  const direct = new Set<string>();
  const edges: DependencyEdge[] = [];

  for (const p of lock.package) {
    for (const ref of p.dependencies ?? []) {
      const target = resolve(ref, byName);
      if (!target) {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${p.name} depends on "${ref}", which is not locked`,
        });
        continue;
      }
      edges.push({ from: purlOf(p), to: purlOf(target) });
      if (isLocal(p) && !isLocal(target)) direct.add(purlOf(target));
    }
  }

  const packages: ExtractedPackage[] = lock.package
    .filter((p) => !isLocal(p))
    .map((p) => ({
      ecosystem: 'crates.io',
      name: p.name,
      version: p.version,
      purl: purlOf(p),
      scope: 'unknown', // Cargo.lock does not say which dependencies are dev-only
      direct: direct.has(purlOf(p)),
      licenses: [],
    }));
  return { packages, edges, warnings };
}

/** A dependency reference is `name`, `name version` or `name version (source)`. */
function resolve(ref: string, byName: Map<string, LockedPackage[]>): LockedPackage | undefined {
  const [name = '', version] = ref.split(' ');
  const candidates = byName.get(name) ?? [];
  if (version === undefined) return candidates[0];
  return candidates.find((c) => c.version === version);
}
