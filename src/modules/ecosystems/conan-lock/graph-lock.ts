import { z } from 'zod';
import type { ExtractResult, Scope } from '../../../core/inventory.js';
import { type ConanRef, collector, parseRef } from './refs.js';

// lockfile 0.1 kept `requires` as {name: nodeId}; later ones as [nodeId]
const nodeIds = z
  .union([z.array(z.string()), z.record(z.string(), z.string()).transform((r) => Object.values(r))])
  .default([]);

const nodeShape = z.object({
  ref: z.string().optional(),
  pref: z.string().optional(),
  requires: nodeIds,
  build_requires: nodeIds,
  python_requires: z.array(z.string()).default([]),
  context: z.string().optional(),
});

export const graphLockShape = z.object({
  graph_lock: z.object({ nodes: z.record(z.string(), nodeShape) }),
  version: z.string().optional(),
});

type GraphLock = z.infer<typeof graphLockShape>;
type Node = z.infer<typeof nodeShape>;
const ROOT = '0';

/**
 * Conan 1 lockfile: node "0" is the consumer (a conanfile, or a reference with `conan lock create
 * --reference`), never a package. Scope follows the graph from it: `requires` keep the scope of the path,
 * `build_requires` make it dev; prod wins. Direct: what node "0" requires or build-requires.
 */
export function extractConan1Lock(lock: GraphLock): ExtractResult {
  const out = collector();
  // a Map, so that ids such as "constructor" find nothing they should not
  const nodes = new Map(Object.entries(lock.graph_lock.nodes));
  if (lock.version !== undefined && !['0.1', '0.2', '0.3', '0.4'].includes(lock.version)) {
    out.warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `Conan 1 lockfile version ${lock.version} is not 0.1 to 0.4; read as 0.4`,
    });
  }
  const refs = new Map<string, ConanRef>();
  for (const [id, node] of nodes) {
    const text = node.ref ?? node.pref;
    const ref = text === undefined ? null : parseRef(text);
    if (ref) refs.set(id, ref);
    else if (id !== ROOT) {
      out.warnings.push({
        code: 'ERR_OSPO_INVALID_PACKAGE',
        message: `node ${id}: ${text === undefined ? 'no reference' : `"${text}" is not a Conan reference`}`,
      });
    }
  }

  const scopes = scopesFrom(nodes);
  const root = nodes.get(ROOT);
  const direct = new Set([...(root?.requires ?? []), ...(root?.build_requires ?? [])]);
  for (const [id, ref] of refs) {
    if (id === ROOT) continue;
    const fallback: Scope = nodes.get(id)?.context === 'build' ? 'dev' : 'unknown';
    out.add(ref, scopes.get(id) ?? fallback, direct.has(id));
  }

  for (const [id, node] of nodes) {
    const from = refs.get(id)?.purl;
    for (const text of node.python_requires) {
      const ref = parseRef(text);
      if (!ref) {
        out.warnings.push({
          code: 'ERR_OSPO_INVALID_PACKAGE',
          message: `"${text}" is not a Conan reference`,
        });
        continue;
      }
      out.add(ref, 'dev', id === ROOT);
      if (from) out.edges.set(`${from} ${ref.purl}`, { from, to: ref.purl });
    }
    for (const target of [...node.requires, ...node.build_requires]) {
      const to = refs.get(target)?.purl;
      if (to === undefined) {
        if (!nodes.has(target)) {
          out.warnings.push({
            code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
            message: `node ${id} requires node ${target}, which is not in the lockfile`,
          });
        }
        continue;
      }
      if (from) out.edges.set(`${from} ${to}`, { from, to });
    }
  }
  return out.result();
}

function scopesFrom(nodes: Map<string, Node>): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  const queue: Array<[string, Scope]> = [];
  const visit = (id: string, scope: Scope) => {
    const known = scopes.get(id);
    if (known === 'prod' || known === scope) return;
    scopes.set(id, scope);
    queue.push([id, scope]);
  };
  const root = nodes.get(ROOT);
  for (const id of root?.requires ?? []) visit(id, 'prod');
  for (const id of root?.build_requires ?? []) visit(id, 'dev');
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [id, scope] = next;
    const node = nodes.get(id);
    if (!node) continue;
    for (const child of node.requires) visit(child, scope);
    for (const child of node.build_requires) visit(child, 'dev');
  }
  return scopes;
}
