import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import type { Actor } from '../../src/services/actor.js';
import type { ScanReport } from '../../src/services/inventory/report.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };
const vcs = { commit: null, branch: null };
const DAY = 86_400_000;

function report(name: string, version: string, licenses: string[]): ScanReport {
  const p: InventoryPackage = {
    ecosystem: 'npm',
    name,
    version,
    purl: purlFor('npm', name, version),
    scope: 'prod',
    direct: true,
    licenses,
    locations: [{ path: 'package-lock.json' }],
  };
  return { packages: [p], dependencies: [], files: [], errors: [] };
}

describe.each(backends)('portfolio queries on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  const scanIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    for (const name of ['alpha', 'Beta', 'gamma', 'delta']) await createProject(store, local, { name });
    const save = async (project: string, licenses: string[], daysAgo: number) => {
      const scan = await saveScan(store, local, project, {
        report: report('lodash', `4.17.${daysAgo}`, licenses),
        source: 'sbom',
        vcs,
        toolVersion: 'test',
      });
      // dated back in the store: the schema's types do not let Kysely set a generated column
      await sql`update scans set created_at = ${new Date(Date.now() - daysAgo * DAY)} where id = ${scan.id}::uuid`.execute(
        store.database.db,
      );
      return scan.id;
    };
    // alpha: an old scan and a newer one; Beta: one very old; gamma: one recent; delta: none
    await save('alpha', ['MIT'], 90);
    scanIds.alpha = await save('alpha', ['MIT', 'ISC'], 5);
    scanIds.Beta = await save('Beta', [], 120);
    scanIds.gamma = await save('gamma', ['Apache-2.0'], 1);
  });
  afterAll(() => dispose());

  it('gives every project its newest scan: never scanned first, then the oldest newest scan', async () => {
    const rows = await store.repos.scans.newestPerProject();
    expect(rows.map((r) => [r.projectName, r.scanId])).toEqual([
      ['delta', null],
      ['Beta', scanIds.Beta],
      ['alpha', scanIds.alpha],
      ['gamma', scanIds.gamma],
    ]);
    const alpha = rows.find((r) => r.projectName === 'alpha');
    const age = Date.now() - Date.parse(alpha?.scannedAt ?? '');
    expect(age).toBeGreaterThan(4 * DAY);
    expect(age).toBeLessThan(6 * DAY);
    expect(rows[0]?.scannedAt).toBeNull();
    expect(Number.isNaN(Date.parse(rows[0]?.projectCreatedAt ?? ''))).toBe(false);
  });

  it("reads a package's declared licenses with its usage in each project's newest scan", async () => {
    const usage = await store.repos.findings.usage({ ecosystem: 'npm', name: 'lodash' });
    expect(usage.map((u) => [u.projectName, u.version, u.licenses])).toEqual([
      ['alpha', '4.17.5', ['MIT', 'ISC']],
      ['Beta', '4.17.120', []],
      ['gamma', '4.17.1', ['Apache-2.0']],
    ]);
  });
});
