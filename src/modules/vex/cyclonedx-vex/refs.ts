import { z } from 'zod';
import { expectVexShape, isPurl } from '../../../core/vex.js';

const componentShape = z.looseObject({
  'bom-ref': z.string().nullish(),
  purl: z.string().nullish(),
  components: z.array(z.unknown()).nullish(),
});

export type VersionEntry = { version?: string | null | undefined; range?: string | null | undefined };

/** bom-ref to purl (null when the component has none), over every component at any depth. */
export function indexComponents(roots: unknown[]): Map<string, string | null> {
  const index = new Map<string, string | null>();
  // a stack, not recursion: a crafted BOM can nest components deeper than the call stack
  const stack = roots.map((node, i) => ({ node, where: `components.${i}` }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const c = expectVexShape(componentShape, item.node, `CycloneDX component at ${item.where}`);
    const purl = c.purl && isPurl(c.purl) ? c.purl : null;
    if (c['bom-ref'] && !index.has(c['bom-ref'])) index.set(c['bom-ref'], purl);
    const where = item.where;
    (c.components ?? []).forEach((node, i) => {
      stack.push({ node, where: `${where}.components.${i}` });
    });
  }
  return index;
}

/**
 * What an `affects[].ref` points at: a component of this BOM, a purl written as the ref, or a
 * BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`) into this or another BOM. A BOM-Link into a BOM
 * we do not have stays unresolved, unless its bom-ref is itself a purl (as many tools make them).
 */
export function resolveRef(ref: string, index: Map<string, string | null>): string | null {
  if (index.has(ref)) return index.get(ref) ?? null;
  if (isPurl(ref)) return ref;
  const fragment = /^urn:cdx:[^#]*#(.+)$/.exec(ref)?.[1];
  if (fragment === undefined) return null;
  const local = decode(fragment);
  if (index.has(local)) return index.get(local) ?? null;
  return isPurl(local) ? local : null;
}

/**
 * A versionless purl narrowed by `affects[].versions`: exact versions become versioned purls; ranges
 * cannot be said as a purl, so they go to `unresolved` beside it, never widening to every version.
 */
export function applyVersions(
  purl: string,
  versions: VersionEntry[],
): { components: string[]; unresolved: string[] } {
  if (versions.length === 0 || hasVersion(purl)) return { components: [purl], unresolved: [] };
  const components: string[] = [];
  const unresolved: string[] = [];
  for (const v of versions) {
    if (v.version) components.push(withVersion(purl, v.version));
    else if (v.range) unresolved.push(`${purl} ${v.range}`);
  }
  return { components, unresolved };
}

function hasVersion(purl: string): boolean {
  const head = purl.split(/[?#]/, 1)[0] ?? purl;
  return head.slice(head.lastIndexOf('/') + 1).includes('@');
}

function withVersion(purl: string, version: string): string {
  const cut = purl.search(/[?#]/);
  const head = cut < 0 ? purl : purl.slice(0, cut);
  const tail = cut < 0 ? '' : purl.slice(cut);
  return `${head}@${version.replace(/[%?#@/\s]/g, (c) => encodeURIComponent(c))}${tail}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
