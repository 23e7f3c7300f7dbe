import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import type { Actor } from '../../src/services/actor.js';
import { createWaiver, revokeWaiver, savePolicy } from '../../src/services/compliance/records.js';
import { portfolioLicenses, warmPortfolioLicenses } from '../../src/services/compliance/verdicts.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject, setProjectDistribution } from '../../src/services/projects.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

/**
 * The portfolio's license counts come from rows kept per scan and fingerprint. These tests check that a
 * kept row is used when nothing it depends on changed, and is judged again the moment something did:
 * the policy, the project's context, a waiver created, revoked or expired, a new scan.
 */

const local: Actor = { kind: 'local', name: 'test' };
const vcs = { commit: null, branch: null };

function pkg(name: string, licenses: string[]): InventoryPackage {
  return {
    ecosystem: 'npm',
    name,
    version: '1.0.0',
    purl: purlFor('npm', name, '1.0.0'),
    scope: 'prod',
    direct: true,
    licenses,
    locations: [{ path: 'package-lock.json' }],
  };
}

const report = (packages: InventoryPackage[]): ScanReport => ({
  packages,
  dependencies: [],
  files: [],
  errors: [],
});

describe.each(backends)('kept license counts on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  /** How many scans' packages were read since the last reset: each read is a scan judged anew. */
  let reads: ReturnType<typeof vi.spyOn>;

  const summaryOf = async (name: string, now?: Date) => {
    const result = await portfolioLicenses(store, local, now ? { now } : {});
    return result.projects.find((p) => p.name === name)?.summary;
  };

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    for (const name of ['shop', 'tools', 'empty']) await createProject(store, local, { name });
    await setProjectDistribution(store, local, 'shop', 'distributed-binary');
    await setProjectDistribution(store, local, 'tools', 'distributed-binary');
    const save = (project: string, packages: InventoryPackage[]) =>
      saveScan(store, local, project, { report: report(packages), source: 'sbom', vcs, toolVersion: 'test' });
    await save('shop', [
      pkg('gpl-lib', ['GPL-3.0-only']),
      pkg('lgpl-lib', ['LGPL-2.1-only']),
      pkg('ok', ['MIT']),
    ]);
    await save('tools', [pkg('gpl-lib', ['GPL-3.0-only']), pkg('ok', ['MIT'])]);
    reads = vi.spyOn(store.repos.scans, 'packages');
  });
  afterAll(() => dispose());

  it('judges every scan on the first request, then reads the kept counts', async () => {
    reads.mockClear();
    const first = await portfolioLicenses(store, local);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(first.totals).toEqual({ packages: 5, allow: 2, review: 1, deny: 2, waived: 0 });
    expect(first.projects.map((p) => [p.name, p.summary.deny, p.summary.review])).toEqual([
      ['shop', 1, 1],
      ['tools', 1, 0],
      ['empty', 0, 0],
    ]);
    expect(first.categories).toMatchObject({ 'strong-copyleft': 2, 'weak-copyleft': 1, permissive: 2 });

    reads.mockClear();
    const second = await portfolioLicenses(store, local);
    expect(reads).not.toHaveBeenCalled();
    expect(second).toEqual(first);
  });

  it('judges again only the project whose context changed', async () => {
    await setProjectDistribution(store, local, 'tools', 'internal');
    reads.mockClear();
    expect(await summaryOf('tools')).toMatchObject({ deny: 0, review: 0, allow: 2 });
    expect(reads).toHaveBeenCalledTimes(1);
    await setProjectDistribution(store, local, 'tools', 'distributed-binary');
    expect(await summaryOf('tools')).toMatchObject({ deny: 1 });
  });

  it('judges in the background after a change, so the next request reads kept counts', async () => {
    await savePolicy(
      store,
      local,
      'licenses:\n  rules:\n    - license: GPL-3.0-only\n      verdict: review\n',
    );
    reads.mockClear();
    const warmed = warmPortfolioLicenses(store);
    // a second change while the first run is under way joins it, and asks for one more round
    expect(warmPortfolioLicenses(store)).toBe(warmed);
    await warmed;
    expect(reads.mock.calls.length).toBeGreaterThanOrEqual(2);
    reads.mockClear();
    expect(await summaryOf('shop')).toMatchObject({ deny: 0, review: 2 });
    expect(reads).not.toHaveBeenCalled();
  });

  it('judges everything again after a policy change', async () => {
    await savePolicy(
      store,
      local,
      'licenses:\n  rules:\n    - license: LGPL-2.1-only\n      verdict: allow\n',
    );
    reads.mockClear();
    expect(await summaryOf('shop')).toMatchObject({ deny: 1, review: 0, allow: 2 });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('follows a waiver for one project from creation to expiry and revocation', async () => {
    const waiver = await createWaiver(store, local, {
      package: 'gpl-lib',
      project: 'shop',
      reason: 'used as a separate program',
      approver: 'legal@example.com',
      expires: '2030-01-01',
    });
    reads.mockClear();
    const result = await portfolioLicenses(store, local);
    // only shop can be touched by the waiver, so only shop is read again
    expect(reads).toHaveBeenCalledTimes(1);
    expect(result.projects.find((p) => p.name === 'shop')?.summary).toMatchObject({ deny: 0, waived: 1 });
    expect(result.projects.find((p) => p.name === 'tools')?.summary).toMatchObject({ deny: 1, waived: 0 });

    // the day the waiver lapses, the kept count no longer holds
    expect(await summaryOf('shop', new Date('2030-01-02T00:00:00Z'))).toMatchObject({ deny: 1, waived: 0 });
    expect(await summaryOf('shop')).toMatchObject({ deny: 0, waived: 1 });

    await revokeWaiver(store, local, waiver.id);
    expect(await summaryOf('shop')).toMatchObject({ deny: 1, waived: 0 });
  });

  it("judges a project's new scan", async () => {
    await saveScan(store, local, 'tools', {
      report: report([pkg('ok', ['MIT'])]),
      source: 'sbom',
      vcs,
      toolVersion: 'test',
    });
    reads.mockClear();
    expect(await summaryOf('tools')).toEqual({ packages: 1, allow: 1, review: 0, deny: 0, waived: 0 });
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
