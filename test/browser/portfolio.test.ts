import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import { type Harness, shots, startHarness } from './harness.js';

/**
 * The portfolio home and the package page. Data is seeded through the services (not the HTTP upload),
 * and an old scan is dated back in the store, so the page has a stale project to show.
 */

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const viewer = { name: 'Val Viewer', email: 'val@example.org', password: 'battery horse correct' };
const local = { kind: 'local', name: 'seed' } as const;
const vcs = { commit: null, branch: null };
const DAY = 86_400_000;

const pkg = (name: string, version: string, license: string): InventoryPackage => ({
  ecosystem: 'npm',
  name,
  version,
  purl: purlFor('npm', name, version),
  scope: 'prod',
  direct: true,
  licenses: [license],
  locations: [{ path: 'package-lock.json' }],
});
const report = (packages: InventoryPackage[]) => ({
  packages,
  dependencies: [],
  files: [{ path: 'package-lock.json', format: 'npm-package-lock', packages: packages.length, warnings: [] }],
  errors: [],
});
const osv = {
  schema_version: '1.6.0',
  id: 'GHSA-lodash-0001',
  modified: '2026-01-01T00:00:00Z',
  aliases: ['CVE-2026-1001'],
  summary: 'lodash does a bad thing',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
    },
  ],
};

let harness: Harness;
let page: Page;
let dir: string;

const shot = async (name: string) => {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shots, `portfolio-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  harness = await startHarness('portfolio');
  page = harness.page;
  const setup = await page.context().request.post(`${harness.server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  await createUser(harness.store, local, { ...viewer, role: 'viewer' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-portfolio-osv-'));
});

afterAll(async () => {
  await harness?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The headline facts as `name: value` lines. */
const facts = () =>
  page
    .locator('dl.home-facts > div')
    .evaluateAll((divs) =>
      divs.map((d) => `${d.querySelector('dt')?.textContent}: ${d.querySelector('dd')?.textContent}`),
    );

async function seed() {
  const { store } = harness;
  fs.writeFileSync(path.join(dir, 'lodash.json'), JSON.stringify(osv));
  await importAdvisories(store, local, [dir]);
  for (const name of ['shop', 'blog', 'legacy', 'fresh-idea']) await createProject(store, local, { name });
  const save = (project: string, packages: InventoryPackage[]) =>
    saveScan(store, local, project, { report: report(packages), source: 'sbom', vcs, toolVersion: 'test' });
  await save('shop', [pkg('lodash', '4.17.20', 'MIT'), pkg('gpl-lib', '2.0.0', 'GPL-3.0-only')]);
  await save('blog', [pkg('lodash', '4.17.21', 'MIT')]);
  const old = await save('legacy', [pkg('lgpl-lib', '3.1.0', 'LGPL-2.1-only')]);
  // dated back in the store: the schema's types do not let Kysely set a generated column
  await sql`update scans set created_at = ${new Date(Date.now() - 45 * DAY)} where id = ${old.id}::uuid`.execute(
    store.database.db,
  );
}

describe('portfolio home', () => {
  it('tells a new installation what to do first', async () => {
    await page.goto(harness.server.url);
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    const steps = page.getByRole('region', { name: 'Getting started' });
    await steps.waitFor();
    expect(await steps.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Create a project To do'),
      expect.stringContaining('Save a scan To do'),
      expect.stringContaining('Import security advisories To do'),
    ]);
    expect(await steps.textContent()).toContain('ospo scan . --save --project NAME');
    expect(await page.getByRole('heading', { name: 'Projects by risk' }).count()).toBe(0);
    const current = page.locator('nav a[aria-current="page"]');
    expect(await current.textContent()).toBe('Home');
    await shot('empty');
  });

  it('shows the counts, the riskiest projects, licenses, vulnerabilities and a stale project', async () => {
    await seed();
    await page.reload();
    await page.getByRole('heading', { name: 'Projects by risk' }).waitFor();
    expect(await facts()).toEqual([
      'Projects: 4',
      'Scanned: 3',
      'Projects at risk: 2 (needs attention)',
      'Open critical + high: 1 (needs attention)',
      'Denied packages: 1 (needs attention)',
      'Not scanned in 30 days: 2 (needs attention)',
    ]);
    expect(await page.getByRole('region', { name: 'Getting started' }).count()).toBe(0);
    const risk = page.getByRole('table', { name: 'Projects by risk' });
    expect(await risk.getByRole('rowheader').allInnerTexts()).toEqual(['shop', 'legacy']);
    // critical, high, denied, to review, other open
    const shop = risk.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'shop' }) });
    expect((await shop.getByRole('cell').allInnerTexts()).slice(0, 5)).toEqual(['1', '0', '1', '0', '0']);

    const categories = page.getByRole('figure', { name: 'Packages by license category' });
    expect(await categories.getByRole('listitem').allTextContents()).toContain('Permissive: 2 packages');
    const severity = page.getByRole('figure', { name: 'Open findings by severity' });
    expect(await severity.getByRole('listitem').allTextContents()).toContain('Critical: 1 finding');
    await page.getByRole('figure', { name: 'Open findings over time' }).waitFor();

    const freshness = page.getByRole('region', { name: 'Scan freshness' });
    const stale = freshness.getByRole('list', { name: 'Not scanned in 30 days (1)' });
    expect(await stale.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^legacy last scanned .* \(45 days ago\)$/),
    ]);
    const never = freshness.getByRole('list', { name: 'Never scanned (1)' });
    expect(await never.getByRole('link').allInnerTexts()).toEqual(['fresh-idea']);

    const activity = page.getByRole('list', { name: 'Recent activity' });
    expect(await activity.textContent()).toContain('seed (local) saved a scan of legacy');
    expect(harness.pageErrors).toEqual([]);
    await shot('home');
  });

  it('links the riskiest project to its page', async () => {
    const risk = page.getByRole('table', { name: 'Projects by risk' });
    await risk.getByRole('link', { name: 'shop' }).click();
    await page.getByRole('heading', { name: 'shop', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects/shop');
  });

  it('shows no recent activity to a viewer', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(viewer.email);
    await page.getByLabel('Password').fill(viewer.password);
    await page.getByLabel('Password').press('Enter');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain(viewer.name);
    await page.getByRole('link', { name: 'ospokit' }).click();
    await page.getByRole('heading', { name: 'Projects by risk' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Recent activity' }).count()).toBe(0);
  });
});

describe('package page', () => {
  it('finds a package from the home page by keyboard and lists the projects using it', async () => {
    const search = page.getByRole('searchbox', { name: 'Find a package' });
    await search.focus();
    await page.keyboard.type('lodash');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'lodash', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/packages/lodash');
    const usage = page.getByRole('table', { name: 'Projects using the package' });
    await usage.waitFor();
    expect(await usage.getByRole('rowheader').allInnerTexts()).toEqual(['blog', 'shop']);
    const shop = usage.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'shop' }) });
    // version, scope, direct, declared license, verdict, findings
    const cells = await shop.getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(['4.17.20', 'prod', 'yes', 'MIT', '✓ Allowed']);
    expect(cells[5]).toContain('GHSA-lodash-0001');
    expect(cells[5]).toContain('Not triaged');
    const advisories = page.getByRole('table', { name: 'Advisories affecting this package' });
    expect(await advisories.getByRole('rowheader').allInnerTexts()).toEqual([
      expect.stringContaining('GHSA-lodash-0001'),
    ]);
    expect(await page.getByRole('region', { name: 'Licenses' }).textContent()).toContain('MIT in 2 projects');
    await shot('package');
    await advisories.getByRole('link', { name: 'GHSA-lodash-0001' }).click();
    await page.getByRole('heading', { name: 'GHSA-lodash-0001', level: 1 }).waitFor();
  });

  it("is linked from a project's inventory, by purl, and reloads", async () => {
    await page.goto(`${harness.server.url}/projects/shop`);
    const packages = page.getByRole('table', { name: 'Packages' });
    await packages.getByRole('link', { name: 'gpl-lib' }).click();
    await page.getByRole('heading', { name: 'gpl-lib', level: 1 }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe('/packages/pkg:npm/gpl-lib');
    await page.reload();
    const usage = page.getByRole('table', { name: 'Projects using the package' });
    await usage.waitFor();
    const cells = await usage.getByRole('row').nth(1).getByRole('cell').allInnerTexts();
    expect(cells.slice(3, 5)).toEqual(['GPL-3.0-only', '✕ Denied']);
  });

  it('windows a package used by hundreds of projects', async () => {
    const db = harness.store.database.db;
    await sql`insert into projects (name, lifecycle, relation)
      select 'bulk-' || lpad(i::text, 3, '0'), 'production', 'uses' from generate_series(1, 300) i`.execute(
      db,
    );
    await sql`insert into scans (project_id, created_by, source, tool_version, package_count, edge_count)
      select id, 'local:seed', 'sbom', 'test', 1, 0 from projects where name like 'bulk-%'`.execute(db);
    await sql`insert into packages (purl, ecosystem, name, version)
      values ('pkg:npm/left-pad@1.3.0', 'npm', 'left-pad', '1.3.0') on conflict do nothing`.execute(db);
    await sql`insert into scan_packages (scan_id, package_id, scope, direct, licenses)
      select s.id, p.id, 'prod', true, '{MIT}' from scans s join projects pr on pr.id = s.project_id
      cross join packages p where pr.name like 'bulk-%' and p.purl = 'pkg:npm/left-pad@1.3.0'`.execute(db);
    await page.goto(`${harness.server.url}/packages/left-pad`);
    const usage = page.getByRole('table', { name: 'Projects using the package' });
    await usage.waitFor();
    expect(await usage.getAttribute('aria-rowcount')).toBe('301');
    const rendered = await usage.getByRole('rowheader').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    const frame = page.getByRole('region', { name: /Projects using the package, 300 rows/ });
    await frame.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await usage.getByRole('rowheader', { name: 'bulk-300' }).waitFor();
    expect(await usage.getByRole('rowheader', { name: 'bulk-001' }).count()).toBe(0);
    await shot('package-windowed');
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures).toEqual([]);
  });
});
