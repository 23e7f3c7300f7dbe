import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { expectShape, parseTomlFile } from '../../../core/formats.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';

const table = z.record(z.string(), z.unknown());
const pylockShape = z.object({
  'lock-version': z.string(),
  packages: z
    .array(
      z
        .object({
          name: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/),
          version: z.string().min(1).optional(),
          dependencies: z.array(table).optional(),
          vcs: table.optional(),
          directory: table.optional(),
          archive: table.optional(),
        })
        .catchall(z.unknown()),
    )
    .default([]),
});

type Locked = z.infer<typeof pylockShape>['packages'][number];

/**
 * PEP 751 lock files, lock-version 1.x. Packages from an index (`sdist`, `wheels`) are reported with
 * their version; `vcs` and `archive` packages too, with a warning; `directory` packages are local (the
 * project itself, workspace members) and are not packages, but their `dependencies` still give edges.
 */
export function extractPylock(content: string, path: string): ExtractResult {
  const lock = expectShape(pylockShape, parseTomlFile(content, path), path, 'pylock.toml lock file');
  const warnings: ExtractWarning[] = [];
  if (!/^1(\.0+)?$/.test(lock['lock-version'])) {
    warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `${path}: lock-version ${lock['lock-version']} is not one this reader knows; read as 1.0`,
    });
  }
  const purlOf = (p: Locked) => purlFor('PyPI', normalizePypiName(p.name), p.version ?? null);
  const byName = new Map<string, Locked[]>();
  for (const p of lock.packages) {
    const name = normalizePypiName(p.name);
    byName.set(name, [...(byName.get(name) ?? []), p]);
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const p of lock.packages) {
    const name = normalizePypiName(p.name);
    const source = p.vcs
      ? 'a VCS repository'
      : p.archive
        ? 'an archive'
        : p.directory
          ? 'a local directory'
          : null;
    if (source) {
      const where = urlOf(p.vcs ?? p.archive ?? p.directory);
      warnings.push({
        code: 'ERR_OSPO_UNPINNED_SOURCE',
        message: `${name} comes from ${source}${where ? ` (${where})` : ''}${p.directory ? '; not reported as a package' : ''}`,
      });
    }
    if (p.directory) continue;
    const purl = purlOf(p);
    if (packages.has(purl)) continue;
    packages.set(purl, {
      ecosystem: 'PyPI',
      name,
      version: p.version ?? null,
      purl,
      scope: 'unknown', // the lock records which extras and groups select a package only as markers
      direct: null,
      licenses: [],
    });
  }

  const edges: DependencyEdge[] = [];
  const seen = new Set<string>();
  for (const p of lock.packages) {
    for (const dep of p.dependencies ?? []) {
      const targets = resolve(dep, byName);
      if (targets.length === 0) {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${p.name} depends on ${JSON.stringify(dep)}, which is not locked`,
        });
      }
      for (const target of targets) {
        const key = `${purlOf(p)} ${purlOf(target)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ from: purlOf(p), to: purlOf(target) });
      }
    }
  }
  return { packages: [...packages.values()], edges, warnings };
}

/**
 * A dependency names its package by as many of the package's own keys as make it unambiguous
 * (`{ name }`, `{ name, version }`, `{ name, vcs = { url } }`): every key given must match. When several
 * packages still match (entries split by markers), the dependency is on each of them.
 */
function resolve(dep: Record<string, unknown>, byName: Map<string, Locked[]>): Locked[] {
  if (typeof dep.name !== 'string') return [];
  const candidates = byName.get(normalizePypiName(dep.name)) ?? [];
  return candidates.filter((c) =>
    Object.entries(dep).every(
      ([key, value]) => key === 'name' || matches((c as Record<string, unknown>)[key], value),
    ),
  );
}

/** A dependency's key matches when it equals the package's, or, for tables, when its keys all do. */
function matches(actual: unknown, wanted: unknown): boolean {
  if (isTable(actual) && isTable(wanted))
    return Object.entries(wanted).every(([k, v]) => matches(actual[k], v));
  return isDeepStrictEqual(actual, wanted);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function urlOf(source: Record<string, unknown> | undefined): string | null {
  const where = source?.url ?? source?.path;
  return typeof where === 'string' ? where : null;
}
