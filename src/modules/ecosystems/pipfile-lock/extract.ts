import { z } from 'zod';
import { expectShape, parseJsonFile, parseManifestToml } from '../../../core/formats.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning, Scope } from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';

const lockedShape = z.object({
  version: z.string().optional(),
  git: z.string().optional(),
  ref: z.string().optional(),
  path: z.string().optional(),
  file: z.string().optional(),
});
const sectionShape = z.record(z.string(), z.unknown());
const pipfileLockShape = z
  .object({
    _meta: z.object({ 'pipfile-spec': z.number().optional() }),
    default: sectionShape.default({}),
    develop: sectionShape.default({}),
  })
  .catchall(z.unknown());

/** Pipfile tables that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'scripts', 'pipenv']);

/**
 * Pipfile.lock (pipfile-spec 6): `default` is prod, `develop` dev, any other category (pipenv's
 * `[docs]`-style custom categories) optional. The lock lists every package, direct or not; the sibling
 * Pipfile, when readable, tells which ones the project declares.
 */
export function extractPipfileLock(
  content: string,
  path: string,
  pipfile: { path: string; content: string } | null,
): ExtractResult {
  const lock = expectShape(pipfileLockShape, parseJsonFile(content, path), path, 'Pipfile.lock');
  const warnings: ExtractWarning[] = [];
  const declared = pipfile ? readPipfile(pipfile.content, pipfile.path, warnings) : null;
  const sections: [string, Scope][] = [
    ['default', 'prod'],
    ['develop', 'dev'],
    ...Object.keys(lock)
      .filter((k) => k !== '_meta' && k !== 'default' && k !== 'develop')
      .map((k): [string, Scope] => [k, 'optional']),
  ];
  const byPurl = new Map<string, ExtractedPackage>();
  for (const [section, scope] of sections) {
    const entries = sectionShape.safeParse(lock[section]);
    if (!entries.success) continue;
    for (const [rawName, value] of Object.entries(entries.data)) {
      const entry = lockedShape.safeParse(value);
      const name = normalizePypiName(rawName);
      if (!entry.success || name === '' || !/^[a-z0-9]/.test(name)) {
        warnings.push({
          code: 'ERR_OSPO_INVALID_PACKAGE',
          message: `${section}.${rawName}: not a locked package`,
        });
        continue;
      }
      const { version, git, path: local, file } = entry.data;
      const source = git ?? local ?? file;
      if (source !== undefined) {
        const kind = git !== undefined ? 'git' : local !== undefined ? 'path' : 'file';
        warnings.push({
          code: 'ERR_OSPO_UNPINNED_SOURCE',
          message: `${name} comes from ${kind} ${source}; version unknown`,
        });
        // the project itself, installed from its own folder, is not a dependency
        if (local !== undefined && /^\.\/?$/.test(local)) continue;
      }
      const pinned = source === undefined ? /^===?\s*(\S+)$/.exec(version ?? '')?.[1] : undefined;
      const purl = purlFor('PyPI', name, pinned ?? null);
      if (byPurl.has(purl)) continue;
      byPurl.set(purl, {
        ecosystem: 'PyPI',
        name,
        version: pinned ?? null,
        purl,
        scope,
        direct: declared ? declared.has(name) : null,
        licenses: [],
      });
    }
  }
  return { packages: [...byPurl.values()], edges: [], warnings };
}

/** Normalized names the Pipfile declares in `[packages]`, `[dev-packages]` and custom categories. */
function readPipfile(content: string, path: string, warnings: ExtractWarning[]): Set<string> | null {
  const pipfile = parseManifestToml(content, path, warnings);
  if (pipfile === null) return null;
  const declared = new Set<string>();
  for (const [key, table] of Object.entries(pipfile)) {
    if (NOT_CATEGORIES.has(key)) continue;
    const names = sectionShape.safeParse(table);
    if (names.success) for (const name of Object.keys(names.data)) declared.add(normalizePypiName(name));
  }
  return declared;
}
