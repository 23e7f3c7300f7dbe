import { z } from 'zod';
import { expectVexShape, isPurl } from '../../../core/vex.js';

const fullProductName = z.looseObject({
  product_id: z.string(),
  name: z.string().nullish(),
  product_identification_helper: z.looseObject({ purl: z.string().nullish() }).nullish(),
});
type FullProductName = z.infer<typeof fullProductName>;

const branchShape = z.looseObject({
  product: fullProductName.nullish(),
  branches: z.array(z.unknown()).nullish(),
});

export const productTreeShape = z.looseObject({
  branches: z.array(z.unknown()).nullish(),
  full_product_names: z.array(fullProductName).nullish(),
  relationships: z
    .array(z.looseObject({ product_reference: z.string(), full_product_name: fullProductName }))
    .nullish(),
  product_groups: z
    .array(z.looseObject({ group_id: z.string(), product_ids: z.array(z.string()) }))
    .nullish(),
});

export interface ProductIndex {
  /** Whether the product tree defines this product id. */
  has(id: string): boolean;
  /** The purl a product id stands for, or null when the tree gives none. */
  purlOf(id: string): string | null;
  /** The product ids of a product group (empty for an unknown group). */
  group(id: string): string[];
}

/**
 * Every product the tree defines: in branches at any depth, in `full_product_names`, and the
 * products relationships make. A relationship's product is its `product_reference` installed on (or
 * part of) another product, so its purl is the referenced product's.
 */
export function indexProducts(tree: z.infer<typeof productTreeShape> | null | undefined): ProductIndex {
  const own = new Map<string, string | null>();
  const references = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const define = (p: FullProductName) => {
    const purl = p.product_identification_helper?.purl;
    if (!own.has(p.product_id) || purl) own.set(p.product_id, purl && isPurl(purl) ? purl : null);
  };
  for (const p of branchProducts(tree?.branches ?? [])) define(p);
  for (const p of tree?.full_product_names ?? []) define(p);
  for (const r of tree?.relationships ?? []) {
    define(r.full_product_name);
    references.set(r.full_product_name.product_id, r.product_reference);
  }
  for (const g of tree?.product_groups ?? []) groups.set(g.group_id, g.product_ids);
  return {
    has: (id) => own.has(id),
    purlOf: (id) => purlThrough(id, own, references),
    group: (id) => groups.get(id) ?? [],
  };
}

// follow product_reference to its end (relationships can stack), then take the deepest purl given
function purlThrough(
  id: string,
  own: Map<string, string | null>,
  references: Map<string, string>,
): string | null {
  const chain = [id];
  const seen = new Set(chain);
  for (let next = references.get(id); next !== undefined && !seen.has(next); next = references.get(next)) {
    chain.push(next);
    seen.add(next);
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const purl = own.get(chain[i] ?? '');
    if (purl) return purl;
  }
  return null;
}

// a stack, not recursion: a crafted tree can nest branches deeper than the call stack
function branchProducts(roots: unknown[]): FullProductName[] {
  const out: FullProductName[] = [];
  const stack = roots.map((node, i) => ({ node, where: `product_tree.branches.${i}` }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const branch = expectVexShape(branchShape, item.node, `CSAF branch at ${item.where}`);
    if (branch.product) out.push(branch.product);
    const where = item.where;
    (branch.branches ?? []).forEach((node, i) => {
      stack.push({ node, where: `${where}.branches.${i}` });
    });
  }
  return out;
}
