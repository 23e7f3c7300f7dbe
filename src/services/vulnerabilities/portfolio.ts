import type { InventoryPackage } from '../../core/inventory.js';
import type { NewFinding, Store } from '../ports.js';
import { type Finding, type MatchInput, matchInventory } from './match.js';

/** Above this many changed packages, re-matching every project's newest scan is cheaper than a filter. */
const FILTER_LIMIT = 20_000;
const PAGE = 10_000;

export interface RematchReport {
  scans: number;
  findings: number;
}

/**
 * Match a saved scan against the advisories in the store and keep its findings, replacing what an
 * earlier match of it found, with a snapshot of the project's open counts for the trend. Findings and
 * snapshot land in one transaction.
 */
export async function matchSavedScan(
  store: Store,
  scanId: string,
  projectId: string,
  /** The scan's packages and edges when the caller has them in hand (just saved), else read back. */
  inventory?: MatchInput,
): Promise<number> {
  const { packages, dependencies } = inventory ?? (await readScan(store, scanId));
  const report = await matchInventory(store, { packages, dependencies });
  const direct = new Map(packages.map((p) => [p.purl, p.direct]));
  const findings = report.findings.map((f) => toNewFinding(f, direct.get(f.purl) ?? null));
  await store.transaction(async (repos) => {
    await repos.findings.replaceForScan(scanId, projectId, findings);
    await repos.findings.snapshot(projectId);
  });
  return findings.length;
}

/**
 * Match each project's newest scan again, after advisories changed: only the scans that hold one of
 * the changed packages when they are few enough to name, else all of them.
 */
export async function rematchPortfolio(
  store: Store,
  changed?: readonly { ecosystem: string; name: string }[],
): Promise<RematchReport> {
  const scans = await store.repos.findings.latestScans(
    changed && changed.length <= FILTER_LIMIT ? changed : undefined,
  );
  let findings = 0;
  for (const scan of scans) findings += await matchSavedScan(store, scan.scanId, scan.projectId);
  return { scans: scans.length, findings };
}

export function toNewFinding(f: Finding, direct: boolean | null): NewFinding {
  return {
    purl: f.purl,
    ecosystem: f.ecosystem,
    name: f.name,
    version: f.version,
    advisory: f.advisory,
    aliases: f.aliases,
    summary: f.summary,
    severity: f.severity,
    score: f.score,
    cvss: f.cvss,
    fixed: f.fixed,
    introducedBy: f.introduced_by,
    direct,
    locations: f.locations,
  };
}

/** A stored finding back in the shape matching reports (the VEX writers take that). */
export function asFinding(f: NewFinding): Finding {
  return {
    purl: f.purl,
    ecosystem: f.ecosystem,
    name: f.name,
    version: f.version,
    advisory: f.advisory,
    aliases: f.aliases,
    summary: f.summary,
    severity: f.severity,
    score: f.score,
    cvss: f.cvss,
    fixed: f.fixed,
    introduced_by: f.introducedBy,
    locations: f.locations,
  };
}

async function readScan(store: Store, scanId: string): Promise<MatchInput> {
  const packages: InventoryPackage[] = [];
  let after: { key: string; id: string } | undefined;
  for (;;) {
    const page = await store.repos.scans.packages(scanId, { limit: PAGE, after });
    for (const p of page) {
      packages.push({
        purl: p.purl,
        ecosystem: p.ecosystem as InventoryPackage['ecosystem'],
        name: p.name,
        version: p.version,
        scope: p.scope as InventoryPackage['scope'],
        direct: p.direct,
        licenses: p.licenses,
        locations: p.locations.map((path) => ({ path })),
      });
    }
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) break;
    after = { key: last.purl, id: last.purl };
  }
  return { packages, dependencies: await store.repos.scans.edges(scanId) };
}
