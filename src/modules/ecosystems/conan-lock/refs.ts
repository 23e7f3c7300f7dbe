import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

export interface ConanRef {
  name: string;
  version: string;
  user: string | null;
  channel: string | null;
  purl: string;
}

/**
 * `name/version[@user[/channel]][#rrev][%timestamp]`, or a Conan 1 package reference with `:package_id`
 * after the recipe part. `@_/_` (and `_` alone) mean no user and channel.
 */
const REF =
  /^([^/@#:%\s]+)\/([^/@#:%\s]+)(?:@([^/#:%\s]*)(?:\/([^#:%\s]+))?)?(?:#[^%:\s]*)?(?:%\S*)?(?::\S*)?$/;

export function parseRef(text: string): ConanRef | null {
  const m = REF.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  const user = m[3] && m[3] !== '_' ? m[3] : null;
  const channel = m[4] && m[4] !== '_' ? m[4] : null;
  // purlFor takes no qualifiers yet: user and channel (purl qualifiers `user`, `channel`) are not in it
  return { name: m[1], version: m[2], user, channel, purl: purlFor('ConanCenter', m[1], m[2]) };
}

const rank: Record<Scope, number> = { prod: 4, optional: 3, peer: 2, dev: 1, unknown: 0 };

export interface Collector {
  warnings: ExtractWarning[];
  edges: Map<string, DependencyEdge>;
  /** Record a package; seen again, it keeps its widest scope and is direct if any sighting is. */
  add(ref: ConanRef, scope: Scope, direct: boolean | null): void;
  result(): ExtractResult;
}

export function collector(): Collector {
  const packages = new Map<string, ExtractedPackage>();
  const warned = new Set<string>();
  const out: Collector = {
    warnings: [],
    edges: new Map(),
    add(ref, scope, direct) {
      const known = packages.get(ref.purl);
      if (known) {
        if (rank[scope] > rank[known.scope]) known.scope = scope;
        if (direct === true) known.direct = true;
        return;
      }
      packages.set(ref.purl, {
        ecosystem: 'ConanCenter',
        name: ref.name,
        version: ref.version,
        purl: ref.purl,
        scope,
        direct,
        licenses: [],
      });
      if (ref.user !== null && !warned.has(ref.purl)) {
        warned.add(ref.purl);
        out.warnings.push({
          code: 'ERR_OSPO_UNSUPPORTED_SOURCE',
          message: `${ref.name}/${ref.version}@${ref.user}/${ref.channel ?? '_'} has a user/channel: it is probably not from ConanCenter, and its purl lacks them`,
        });
      }
    },
    result: () => ({
      packages: [...packages.values()],
      edges: [...out.edges.values()],
      warnings: out.warnings,
    }),
  };
  return out;
}
