import { z } from 'zod';
import { expectShape, parseYamlFile } from '../../../core/formats.js';

export type DepKind = 'prod' | 'dev' | 'optional';

/** One installed package (v9: one snapshot), under its key as the lockfile writes it. */
export interface PnpmNode {
  key: string;
  name: string | null;
  version: string | null;
  /** `file:` and `link:` entries: the project's own folders, not packages. */
  local: boolean;
  /** v5/v6 `dev` / `optional` flags, turned into a scope; null when the file does not say (v9). */
  flagged: 'prod' | 'dev' | 'optional' | null;
  deps: { name: string; ref: string; optional: boolean }[];
}

export interface PnpmImporter {
  /** Folder relative to the lockfile, `.` for the project. */
  path: string;
  deps: { name: string; ref: string; kind: DepKind }[];
}

export interface PnpmLock {
  major: number;
  nodes: Map<string, PnpmNode>;
  importers: PnpmImporter[];
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const refMap = z.record(z.string(), scalar);
// v5 writes `name: ref`; 5.4-inlineSpecifiers, v6 and v9 `name: { specifier, version }`.
const importerDeps = z.record(
  z.string(),
  z.union([scalar, z.object({ version: scalar }).transform((v) => v.version)]),
);
const importerShape = z.object({
  dependencies: importerDeps.optional(),
  devDependencies: importerDeps.optional(),
  optionalDependencies: importerDeps.optional(),
});
const entryShape = z
  .object({
    name: scalar.optional(),
    version: scalar.optional(),
    resolution: z.object({ tarball: scalar.optional(), directory: scalar.optional() }).partial().optional(),
    dev: z.boolean().optional(),
    optional: z.boolean().optional(),
    dependencies: refMap.optional(),
    optionalDependencies: refMap.optional(),
  })
  .nullable()
  .transform((e) => e ?? {});
type Entry = z.infer<typeof entryShape>;

const lockShape = z.object({
  lockfileVersion: scalar,
  importers: z
    .record(
      z.string(),
      importerShape.nullable().transform((i) => i ?? {}),
    )
    .optional(),
  ...importerShape.shape,
  packages: z.record(z.string(), entryShape).nullable().optional(),
  snapshots: z.record(z.string(), entryShape).nullable().optional(),
});

const semverish = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

/** pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x, as nodes and importers. */
export function parsePnpmLock(content: string, path: string): PnpmLock {
  const lock = expectShape(lockShape, parseYamlFile(content, path), path, 'pnpm-lock.yaml');
  const major = Number.parseInt(lock.lockfileVersion, 10) || 0;
  const packages = lock.packages ?? {};
  const nodes = new Map<string, PnpmNode>();
  if (major >= 9 && lock.snapshots) {
    for (const [key, snapshot] of Object.entries(lock.snapshots)) {
      nodes.set(key, toNode(key, { ...packages[stripPeers(key, major)], ...snapshot }, major, false));
    }
  } else {
    for (const [key, entry] of Object.entries(packages)) nodes.set(key, toNode(key, entry, major, major < 9));
  }
  const importers = Object.entries(lock.importers ?? { '.': lock }).map(([dir, i]) => ({
    path: dir,
    deps: [
      ...refs(i.dependencies, 'prod'),
      ...refs(i.devDependencies, 'dev'),
      ...refs(i.optionalDependencies, 'optional'),
    ],
  }));
  return { major, nodes, importers };
}

function toNode(key: string, entry: Entry, major: number, flags: boolean): PnpmNode {
  const parsed = parseKey(key, major);
  const tarball = entry.resolution?.tarball ?? '';
  const local = parsed.local || entry.resolution?.directory !== undefined || tarball.startsWith('file:');
  const version =
    entry.version ?? (parsed.version !== null && semverish.test(parsed.version) ? parsed.version : null);
  return {
    key,
    name: entry.name ?? parsed.name,
    version: local ? null : version,
    local,
    flagged: flags ? flagScope(entry) : null,
    deps: depsOf(entry),
  };
}

/** `dependencies`, then `optionalDependencies`; loops, not entries and spreads: this runs per package. */
function depsOf(entry: Entry): PnpmNode['deps'] {
  const deps: PnpmNode['deps'] = [];
  const prod = entry.dependencies;
  if (prod !== undefined) {
    const names = Object.keys(prod);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      deps.push({ name, ref: prod[name] as string, optional: false });
    }
  }
  const optional = entry.optionalDependencies;
  if (optional !== undefined) {
    const names = Object.keys(optional);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      deps.push({ name, ref: optional[name] as string, optional: true });
    }
  }
  return deps;
}

/**
 * `/name/1.0.0_peer@1.0.0` (v5), `/name@1.0.0(peer@1.0.0)` (v6), `name@1.0.0(peer@1.0.0)` (v9); scoped
 * names keep their `@scope/`. Keys of other forms (`github.com/user/repo/sha`) name nothing by themselves:
 * their entries carry `name` and `version`.
 */
export function parseKey(
  key: string,
  major: number,
): { name: string | null; version: string | null; local: boolean } {
  if (/^(file|link):/.test(key)) return { name: null, version: null, local: true };
  if (major < 6) {
    if (!key.startsWith('/')) return { name: null, version: null, local: false };
    const parts = key.slice(1).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    const name = (scoped ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
    const rest = parts.slice(scoped ? 2 : 1);
    const version = rest.length === 1 ? (rest[0]?.split('_')[0] ?? null) : null;
    return { name: name || null, version: version || null, local: false };
  }
  const bare = major < 9 ? (key.startsWith('/') ? key.slice(1) : null) : key;
  if (bare === null) return { name: null, version: null, local: false };
  const at = bare.indexOf('@', 1);
  if (at < 0) return { name: null, version: null, local: false };
  const ref = stripPeers(bare.slice(at + 1), major);
  return { name: bare.slice(0, at), version: ref || null, local: /^(file|link):/.test(ref) };
}

/** The key without its peer suffix: v6 and v9 `(peer@1.0.0)`, v5 `_peer@1.0.0`. */
function stripPeers(key: string, major: number): string {
  const at = key.indexOf('(');
  return major < 6 ? key : at < 0 ? key : key.slice(0, at);
}

function flagScope(entry: Entry): PnpmNode['flagged'] {
  if (entry.dev === true) return 'dev';
  if (entry.optional === true) return 'optional';
  return 'prod'; // `dev: false`, or no flag: needed by prod and dev alike
}

function refs(map: Record<string, string> | undefined, kind: DepKind): PnpmImporter['deps'] {
  return Object.entries(map ?? {}).map(([name, ref]) => ({ name, ref, kind }));
}
