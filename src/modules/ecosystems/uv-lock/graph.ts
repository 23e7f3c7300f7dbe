/** One `[[package]]` of uv.lock, with its dependencies resolved to other nodes. */
export interface UvNode {
  name: string;
  version: string | null;
  purl: string;
  /** The `source` table as JSON, to tell apart two locked packages of one name. */
  sourceKey: string;
  /** The project, a workspace member or a path/editable dependency: not a package, a root. */
  local: boolean;
  deps: Link[];
  /** `[package.optional-dependencies]`: extra name to what it adds. */
  extras: Map<string, Link[]>;
  /** `[package.dev-dependencies]` (dependency groups); only a local package's are installed. */
  groups: Link[];
}

/** A dependency on a node, with the extras it asks for. */
export interface Link {
  node: UvNode;
  extras: string[];
}

/**
 * Every node reachable from `starts` through dependencies, and through a node's optional dependencies
 * only for the extras someone on the way asked for (`{ name = "httpx", extra = ["http2"] }`).
 */
export function reach(starts: Link[]): Set<UvNode> {
  const active = new Map<UvNode, Set<string>>();
  const stack: UvNode[] = [];
  const visit = ({ node, extras }: Link) => {
    let on = active.get(node);
    let grew = false;
    if (!on) {
      on = new Set();
      active.set(node, on);
      grew = true;
    }
    for (const e of extras) {
      if (!on.has(e)) {
        on.add(e);
        grew = true;
      }
    }
    if (grew) stack.push(node);
  };
  for (const s of starts) visit(s);
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const l of node.deps) visit(l);
    for (const e of active.get(node) ?? []) for (const l of node.extras.get(e) ?? []) visit(l);
  }
  return new Set(active.keys());
}
