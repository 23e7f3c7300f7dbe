import { z } from 'zod';
import { OspoError, ParseError } from '../../../core/errors.js';
import { expectShape, parseYamlFile } from '../../../core/formats.js';
import type { ExtractedPackage, ExtractResult, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const pubspecLockShape = z.object({
  packages: z
    .record(
      // pub's own rule for package names; the purl type accepts nothing else
      z.string().regex(/^[a-z0-9_]+$/, 'not a pub package name'),
      z.object({
        dependency: z.string().optional(),
        source: z.string().optional(),
        version: z.string().min(1).optional(),
      }),
    )
    .nullish(),
  sdks: z.record(z.string(), z.unknown()).nullish(),
});

/** What the `dependency` field says about scope and directness. */
const kinds: Record<string, { scope: Scope; direct: boolean }> = {
  'direct main': { scope: 'prod', direct: true },
  'direct dev': { scope: 'dev', direct: true },
  // an override replaces a dependency declared in pubspec.yaml; the lock does not say which section
  'direct overridden': { scope: 'prod', direct: true },
  transitive: { scope: 'unknown', direct: false },
};

/** Sources that are not published packages: the Flutter SDK's own, and local directories. */
const notPackages = new Set(['sdk', 'path']);

/**
 * pubspec.lock: one entry per package, keyed by name, with its source and resolved version. The lock
 * records no dependency graph, so there are no edges.
 */
export function extractPubspecLock(content: string, path: string): ExtractResult {
  const lock = expectShape(pubspecLockShape, readYaml(content, path), path, 'pubspec.lock');
  const packages: ExtractedPackage[] = [];
  for (const [name, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.source !== undefined && notPackages.has(entry.source)) continue;
    const kind = entry.dependency === undefined ? undefined : kinds[entry.dependency];
    const version = entry.version ?? null;
    packages.push({
      ecosystem: 'Pub',
      name,
      version,
      purl: purlFor('Pub', name, version),
      scope: kind?.scope ?? 'unknown',
      direct: kind?.direct ?? null,
      licenses: [],
    });
  }
  return { packages, edges: [], warnings: [] };
}

/**
 * parseYamlFile lets errors of the YAML-to-object step through uncoded (an alias without its anchor,
 * `*x`, throws a ReferenceError); until core/formats.ts codes them, they are coded here.
 */
function readYaml(content: string, path: string): unknown {
  try {
    return parseYamlFile(content, path);
  } catch (error) {
    if (error instanceof OspoError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid YAML (${message})`, {
      hint: 'The file may be truncated or hand-edited; run `dart pub get` to regenerate it.',
    });
  }
}
