import { z } from 'zod';
import { OspoError } from '../../../core/errors.js';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

/** PHP writes an empty map as `[]`; only a map's keys matter here. */
const linkMap = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .optional()
  .transform((m) => (m === undefined || Array.isArray(m) ? [] : Object.keys(m)));

/** Composer's rule for `vendor/package` names (case-insensitive, as Composer lower-cases them). */
const packageName = z
  .string()
  .regex(/^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]?|-{0,2})[a-z0-9]+)*$/i, 'not a vendor/package name');

const lockedPackage = z.object({
  name: packageName,
  version: z.string().min(1).optional(),
  type: z.string().optional(),
  license: z.union([z.array(z.string()), z.string()]).optional(),
  require: linkMap,
  provide: linkMap,
  replace: linkMap,
  dist: z.object({ type: z.string().optional() }).nullish(),
});

const composerLockShape = z.object({
  packages: z.array(lockedPackage).nullish(),
  'packages-dev': z.array(lockedPackage).nullish(),
});

const manifestShape = z.object({
  name: packageName.optional(),
  version: z.string().min(1).optional(),
  require: linkMap,
  'require-dev': linkMap,
});

type Locked = z.infer<typeof lockedPackage>;
type Manifest = z.infer<typeof manifestShape>;

/** Composer's own test for platform packages (PlatformRepository::PLATFORM_PACKAGE_REGEX). */
const platform =
  /^(?:php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|(?:ext|lib)-[a-z0-9](?:[_.-]?[a-z0-9]+)*|composer(?:-(?:plugin|runtime)-api)?)$/i;

/**
 * composer.lock: `packages` are prod, `packages-dev` dev; `require` maps are the edges, resolved by
 * name and then by what locked packages `provide` or `replace`. The sibling composer.json, when read,
 * says which packages are direct and names the root of the graph.
 */
export function extractComposerLock(
  content: string,
  path: string,
  manifestText: string | null,
  manifestPath: string,
): ExtractResult {
  const lock = expectShape(composerLockShape, parseJsonFile(content, path), path, 'composer.lock');
  const warnings: ExtractWarning[] = [];
  const manifest = readManifest(manifestText, manifestPath, warnings);
  const locked = [
    ...(lock.packages ?? []).map((p) => ({ p, scope: 'prod' as const })),
    ...(lock['packages-dev'] ?? []).map((p) => ({ p, scope: 'dev' as const })),
  ];

  const purls = new Map<Locked, string>();
  const purlOf = (p: Locked) => {
    let purl = purls.get(p);
    if (purl === undefined) {
      purl = purlFor('Packagist', p.name.toLowerCase(), composerVersion(p.version));
      purls.set(p, purl);
    }
    return purl;
  };
  const byName = new Map<string, Locked>();
  for (const { p } of locked) byName.set(p.name.toLowerCase(), p);
  for (const { p } of locked) {
    for (const virtual of [...p.replace, ...p.provide]) {
      if (!byName.has(virtual.toLowerCase())) byName.set(virtual.toLowerCase(), p);
    }
  }
  /** The purls a `require` map points to; `who` names the requirer in warnings. */
  const targets = (who: string, required: string[]): string[] => {
    const out = new Set<string>();
    for (const name of required) {
      if (platform.test(name)) continue;
      const target = byName.get(name.toLowerCase());
      if (target) out.add(purlOf(target));
      else
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${who} requires ${name}, which is neither locked nor provided by a locked package`,
        });
    }
    return [...out];
  };

  const edges: DependencyEdge[] = [];
  const direct = new Set<string>();
  if (manifest) {
    const required = targets(manifest.name ?? manifestPath, [
      ...manifest.require,
      ...manifest['require-dev'],
    ]);
    for (const to of required) direct.add(to);
    // Without a name the project has no purl of its own; its requirements still tell what is direct
    if (manifest.name) {
      const root = purlFor('Packagist', manifest.name.toLowerCase(), composerVersion(manifest.version));
      edges.push(...required.map((to) => ({ from: root, to })));
    }
  }
  for (const { p } of locked) {
    const from = purlOf(p);
    edges.push(...targets(p.name, p.require).map((to) => ({ from, to })));
  }

  // a path repository's package is the project's own code (a monorepo sibling): not a dependency
  const packages: ExtractedPackage[] = locked
    .filter(({ p }) => p.dist?.type !== 'path')
    .map(({ p, scope }) => ({
      ecosystem: 'Packagist',
      name: p.name.toLowerCase(),
      version: composerVersion(p.version),
      purl: purlOf(p),
      scope,
      direct: manifest ? direct.has(purlOf(p)) : null,
      licenses: p.license === undefined ? [] : [p.license].flat(),
    }));
  return { packages, edges, warnings };
}

/** Tags are often `v5.4.1`, OSV's Packagist versions bare: drop one `v` before a digit. */
function composerVersion(version: string | undefined): string | null {
  if (version === undefined) return null;
  return version.replace(/^v(?=\d)/, '');
}

/** A broken composer.json must not hide the lock: it only costs the direct flags. */
function readManifest(text: string | null, path: string, warnings: ExtractWarning[]): Manifest | null {
  if (text === null) return null;
  try {
    return expectShape(manifestShape, parseJsonFile(text, path), path, 'composer.json');
  } catch (error) {
    if (!(error instanceof OspoError)) throw error;
    warnings.push({
      code: 'ERR_OSPO_MANIFEST_UNREADABLE',
      message: `${error.message}; direct flags unknown`,
    });
    return null;
  }
}
