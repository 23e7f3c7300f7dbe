import type { ExtractedPackage, Scope } from '../../core/inventory.js';
import type { InventoryPackage } from './report.js';

/** Stronger scopes win when one package is found several times: prod over optional over peer over dev. */
const scopeRank: Record<Scope, number> = { prod: 4, optional: 3, peer: 2, dev: 1, unknown: 0 };

/** One entry per purl, with every place it was found, its strongest scope and all declared licenses. */
export function mergePackages(found: (ExtractedPackage & { location: string })[]): InventoryPackage[] {
  const byPurl = new Map<string, InventoryPackage>();
  for (const { location, ...p } of found) {
    const seen = byPurl.get(p.purl);
    if (!seen) {
      byPurl.set(p.purl, { ...p, licenses: [...p.licenses], locations: [{ path: location }] });
      continue;
    }
    if (!seen.locations.some((l) => l.path === location)) seen.locations.push({ path: location });
    if (scopeRank[p.scope] > scopeRank[seen.scope]) seen.scope = p.scope;
    if (p.direct === true || (seen.direct === null && p.direct === false)) seen.direct = p.direct;
    for (const license of p.licenses) if (!seen.licenses.includes(license)) seen.licenses.push(license);
  }
  return [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}
