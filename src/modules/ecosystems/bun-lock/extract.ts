import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { ExtractResult, ExtractWarning } from '../../../core/inventory.js';
import { type BunNode, bunLockResult, type DepKind } from './graph.js';
import { stripJsonc } from './jsonc.js';

const depMap = z.record(z.string(), z.string());
const groups = {
  dependencies: depMap.optional(),
  devDependencies: depMap.optional(),
  optionalDependencies: depMap.optional(),
  peerDependencies: depMap.optional(),
};
const workspaceShape = z.object({ name: z.string().optional(), version: z.string().optional(), ...groups });
const infoShape = z.object({ version: z.string().optional(), ...groups });
type Declares = z.infer<typeof infoShape>;

const bunLockShape = z.object({
  lockfileVersion: z.number().int(),
  workspaces: z.record(z.string(), workspaceShape).default({}),
  packages: z.record(z.string(), z.tuple([z.string()]).rest(z.unknown())).default({}),
});

const supportedVersions = [0, 1];

/**
 * bun.lock, the text lockfile (Bun 1.1.39+; lockfileVersion 0 and 1). Packages are keyed by their
 * place in the tree (`react`, `@babel/core/semver` for a copy nested under @babel/core, `app/react` for
 * one only workspace `app` sees); the first array item is `name@resolution`.
 */
export function extractBunLock(content: string, path: string): ExtractResult {
  const lock = expectShape(bunLockShape, parseJsonFile(stripJsonc(content), path), path, 'bun.lock');
  const warnings: ExtractWarning[] = [];
  if (!supportedVersions.includes(lock.lockfileVersion)) {
    warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `${path}: lockfileVersion ${lock.lockfileVersion} is newer than this reader; read as version 1`,
    });
  }
  const nodes: BunNode[] = [];
  for (const [dir, ws] of Object.entries(lock.workspaces)) {
    const name = ws.name ?? '';
    nodes.push({
      key: dir,
      fromWorkspaces: true,
      tree: dir === '' ? [] : [name],
      name,
      version: ws.version ?? null,
      local: true,
      workspace: dir,
      deps: [...declared(ws), ...kinds(ws.devDependencies, 'dev')],
    });
  }
  for (const [key, entry] of Object.entries(lock.packages)) {
    const [id, ...rest] = entry;
    nodes.push(packageNode(key, id, rest, path));
  }
  const result = bunLockResult(nodes);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

function packageNode(key: string, id: string, rest: unknown[], path: string): BunNode {
  // `name@resolution`; the name may itself start with `@` (a scope).
  const at = id.indexOf('@', 1);
  const name = at < 0 ? id : id.slice(0, at);
  const resolution = at < 0 ? '' : id.slice(at + 1);
  const tree = treePath(key);
  const kind = resolutionKind(resolution);
  const infoAt = kind === 'npm' ? 1 : 0;
  const info: Declares =
    kind === 'root' || rest[infoAt] === undefined
      ? {}
      : expectShape(infoShape, rest[infoAt], path, `bun.lock package entry (${key})`);
  const base = { key, fromWorkspaces: false, tree, name, deps: declared(info) };
  switch (kind) {
    case 'npm':
      return { ...base, version: resolution || null, local: false };
    case 'workspace':
      // A pointer to the workspace, whose own entry under `workspaces` declares its dependencies.
      return {
        ...base,
        deps: [],
        version: null,
        local: true,
        workspace: resolution.slice('workspace:'.length),
      };
    case 'local':
    case 'root':
      return { ...base, version: null, local: true };
    default:
      // git, github and tarballs record where, not which version; keep one only if the entry has it.
      return { ...base, version: info.version || null, local: false };
  }
}

type ResolutionKind = 'npm' | 'workspace' | 'local' | 'root' | 'remote';

function resolutionKind(resolution: string): ResolutionKind {
  if (resolution.startsWith('workspace:')) return 'workspace';
  if (resolution.startsWith('root:')) return 'root';
  if (resolution.startsWith('link:') || resolution.startsWith('file:')) return 'local';
  if (/^(git\+|github:|https?:|\.{0,2}\/)/.test(resolution) || resolution.endsWith('.tgz')) return 'remote';
  return 'npm';
}

/** `@babel/core/semver` → [`@babel/core`, `semver`]: a scope and the name after it are one step. */
export function treePath(key: string): string[] {
  const steps: string[] = [];
  const parts = key.split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (part.startsWith('@') && next !== undefined) {
      steps.push(`${part}/${next}`);
      i++;
    } else {
      steps.push(part);
    }
  }
  return steps;
}

function declared(d: Declares): BunNode['deps'] {
  return [
    ...kinds(d.dependencies, 'prod'),
    ...kinds(d.optionalDependencies, 'optional'),
    ...kinds(d.peerDependencies, 'peer'),
  ];
}

function kinds(map: Record<string, string> | undefined, kind: DepKind): BunNode['deps'] {
  return Object.keys(map ?? {}).map((name) => ({ name, kind }));
}
