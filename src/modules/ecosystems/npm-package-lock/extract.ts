import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { Scope } from '../../../core/inventory.js';

export type DepKind = 'prod' | 'dev' | 'optional' | 'peer';

/** One folder of the installed tree, whatever the lockfile version that described it. */
export interface LockNode {
  /** '' for the project, `node_modules/a/node_modules/b` for an installed package, `packages/x` for a workspace. */
  key: string;
  name: string;
  version: string | null;
  scope: Scope;
  licenses: string[];
  /** The project, a workspace package or a link: not a package of the inventory. */
  local: boolean;
  /** For a link, the key of the folder it points to. */
  linkTo?: string;
  deps: { name: string; kind: DepKind }[];
}

export interface NpmLock {
  nodes: Map<string, LockNode>;
  /** Hidden lockfiles and v1 do not record what the project itself declares; package.json does. */
  hasRoot: boolean;
}

const depMap = z.record(z.string(), z.string());

const entryShape = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  resolved: z.string().optional(),
  license: z.unknown().optional(),
  link: z.boolean().optional(),
  dev: z.boolean().optional(),
  optional: z.boolean().optional(),
  devOptional: z.boolean().optional(),
  peer: z.boolean().optional(),
  dependencies: depMap.optional(),
  devDependencies: depMap.optional(),
  optionalDependencies: depMap.optional(),
  peerDependencies: depMap.optional(),
});
type Entry = z.infer<typeof entryShape>;

interface V1Entry {
  version?: string | undefined;
  dev?: boolean | undefined;
  optional?: boolean | undefined;
  requires?: Record<string, string> | undefined;
  dependencies?: Record<string, V1Entry> | undefined;
}
const v1EntryShape: z.ZodType<V1Entry> = z.lazy(() =>
  z.object({
    version: z.string().optional(),
    dev: z.boolean().optional(),
    optional: z.boolean().optional(),
    requires: depMap.optional(),
    dependencies: z.record(z.string(), v1EntryShape).optional(),
  }),
);

const lockShape = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  lockfileVersion: z.number().int().optional(),
  packages: z.record(z.string(), entryShape).optional(),
  dependencies: z.unknown().optional(),
});

/**
 * package-lock.json / npm-shrinkwrap.json v1-v3 and node_modules/.package-lock.json, as a map of folders.
 * v2 carries both layouts; `packages` is the complete one, so the v1 tree is read only when it is alone.
 */
export function parseNpmLock(content: string, path: string): NpmLock | null {
  const lock = expectShape(lockShape, parseJsonFile(content, path), path, 'npm lockfile');
  if (lock.packages) return fromPackages(lock.packages);
  if (lock.dependencies === undefined && lock.lockfileVersion === undefined) return null;
  const tree = expectShape(
    z.record(z.string(), v1EntryShape).default({}),
    lock.dependencies,
    path,
    'npm lockfile v1',
  );
  const nodes = new Map<string, LockNode>();
  addV1(tree, '', nodes);
  return { nodes, hasRoot: false };
}

function fromPackages(packages: Record<string, Entry>): NpmLock {
  const nodes = new Map<string, LockNode>();
  for (const [key, e] of Object.entries(packages)) {
    const installed = isInstalledKey(key);
    const local = !installed || e.link === true;
    const deps = [
      ...kinds(e.dependencies, 'prod'),
      ...kinds(e.optionalDependencies, 'optional'),
      ...kinds(e.peerDependencies, 'peer'),
      // An installed package's devDependencies are never installed; the project's and workspaces' are.
      ...(installed ? [] : kinds(e.devDependencies, 'dev')),
    ];
    nodes.set(key, {
      key,
      name: e.name ?? (installed ? lastSegment(key) : ''),
      version: e.version || null,
      scope: scopeOf(e),
      licenses: licensesOf(e.license),
      local,
      ...(e.link === true && e.resolved !== undefined ? { linkTo: e.resolved } : {}),
      deps,
    });
  }
  return { nodes, hasRoot: nodes.has('') };
}

function addV1(tree: Record<string, V1Entry>, parent: string, nodes: Map<string, LockNode>): void {
  for (const [folder, e] of Object.entries(tree)) {
    const key = parent === '' ? `node_modules/${folder}` : `${parent}/node_modules/${folder}`;
    const spec = e.version ?? '';
    // Aliases are written `npm:real-name@1.2.3`; local folders `file:...`; git as a URL with its commit.
    const alias = /^npm:(.+)@([^@]+)$/.exec(spec);
    const local = spec.startsWith('file:') || spec.startsWith('link:');
    const exact = spec !== '' && !/[:/#]/.test(spec);
    nodes.set(key, {
      key,
      name: alias?.[1] ?? folder,
      version: alias?.[2] ?? (exact ? spec : null),
      scope: scopeOf(e),
      licenses: [],
      local,
      deps: kinds(e.requires, 'prod'),
    });
    if (e.dependencies) addV1(e.dependencies, key, nodes);
  }
}

/** Read package.json as the project's own entry, for lockfiles that lack one; null when unusable. */
export function manifestNode(content: string | null, path: string): LockNode | null {
  if (content === null) return null;
  let value: unknown;
  try {
    value = parseJsonFile(content, path);
  } catch {
    return null;
  }
  const parsed = entryShape.safeParse(value);
  if (!parsed.success) return null;
  const e = parsed.data;
  return {
    key: '',
    name: e.name ?? '',
    version: e.version || null,
    scope: 'prod',
    licenses: [],
    local: true,
    deps: [
      ...kinds(e.dependencies, 'prod'),
      ...kinds(e.optionalDependencies, 'optional'),
      ...kinds(e.peerDependencies, 'peer'),
      ...kinds(e.devDependencies, 'dev'),
    ],
  };
}

/** A key under node_modules is an installed folder; others (`packages/x`) are workspaces. */
export function isInstalledKey(key: string): boolean {
  return key.startsWith('node_modules/') || key.includes('/node_modules/');
}

function lastSegment(key: string): string {
  const at = key.lastIndexOf('node_modules/');
  return at < 0 ? key : key.slice(at + 'node_modules/'.length);
}

function kinds(map: Record<string, string> | undefined, kind: DepKind): LockNode['deps'] {
  return Object.keys(map ?? {}).map((name) => ({ name, kind }));
}

function scopeOf(e: { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean }): Scope {
  if (e.dev) return 'dev';
  if (e.optional) return 'optional';
  if (e.devOptional) return 'dev';
  if (e.peer) return 'peer';
  return 'prod';
}

function licensesOf(license: unknown): string[] {
  if (typeof license === 'string' && license.trim() !== '') return [license.trim()];
  if (license && typeof license === 'object' && 'type' in license && typeof license.type === 'string') {
    return license.type.trim() === '' ? [] : [license.type.trim()];
  }
  return [];
}
