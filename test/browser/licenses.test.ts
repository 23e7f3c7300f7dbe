import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, shots, startHarness } from './harness.js';

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const legal = {
  name: 'Lee Legal',
  email: 'lee@example.org',
  password: 'staple battery horse',
  role: 'legal',
};
const member = {
  name: 'Max Member',
  email: 'max@example.org',
  password: 'battery staple correct',
  role: 'member',
};

const purl = (name: string, version: string) => `pkg:npm/${name}@${version}`;
const component = (name: string, version: string, license: string) => ({
  type: 'library',
  'bom-ref': purl(name, version),
  name,
  version,
  purl: purl(name, version),
  scope: 'required',
  licenses: [{ license: { id: license } }],
});
/** The shop depends on mit-lib (which pulls in a GPL package) and on an LGPL one. */
const sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { type: 'application', 'bom-ref': 'shop-app', name: 'shop-app' } },
  components: [
    component('mit-lib', '1.0.0', 'MIT'),
    component('gpl-lib', '2.0.0', 'GPL-3.0-only'),
    component('lgpl-lib', '3.1.0', 'LGPL-2.1-only'),
  ],
  dependencies: [
    { ref: 'shop-app', dependsOn: [purl('mit-lib', '1.0.0'), purl('lgpl-lib', '3.1.0')] },
    { ref: purl('mit-lib', '1.0.0'), dependsOn: [purl('gpl-lib', '2.0.0')] },
    { ref: purl('gpl-lib', '2.0.0'), dependsOn: [] },
    { ref: purl('lgpl-lib', '3.1.0'), dependsOn: [] },
  ],
};

const brokenPolicy = `licenses:
  context: distributed-binary
  extends: default
  rules:
    - license: LGPL-2.1-onyl
      verdict: allow
    - license: GPL-3
      verdict: deny
`;
const lgplPolicy = `licenses:
  context: distributed-binary
  extends: default
  rules:
    - license: LGPL-2.1-only
      verdict: allow
      reason: we link it dynamically and ship its source
`;

let harness: Harness;
let page: Page;

const shot = async (name: string) => {
  await page.mouse.move(0, 0); // no hover effects in the pictures
  await page.screenshot({ path: path.join(shots, `licenses-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  harness = await startHarness('licenses');
  page = harness.page;
  const { server, call } = harness;
  // The first admin, two more accounts, projects and their SBOMs, all through the HTTP API.
  const setup = await page.context().request.post(`${server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  for (const user of [legal, member]) await call(csrfToken, 'POST', '/api/v1/users', user);
  await call(csrfToken, 'POST', '/api/v1/projects', { name: 'shop-app', relation: 'produces' });
  // ?wait=true: the scans run as jobs; these need them saved before the pages are looked at
  await call(csrfToken, 'POST', '/api/v1/projects/shop-app/scans?wait=true', { sbom, name: 'bom.json' });
  // a bigger project, all MIT, for paging through its verdicts
  const many = Array.from({ length: 60 }, (_, i) =>
    component(`util-${String(i).padStart(2, '0')}`, '1.0.0', 'MIT'),
  );
  await call(csrfToken, 'POST', '/api/v1/projects', { name: 'catalog' });
  await call(csrfToken, 'POST', '/api/v1/projects/catalog/scans?wait=true', {
    sbom: { ...sbom, metadata: {}, components: many, dependencies: [] },
    name: 'bom.json',
  });
  // an old waiver, long expired, to be shown as such and revoked
  await call(csrfToken, 'POST', '/api/v1/waivers', {
    package: 'old-lib',
    reason: 'replaced long ago',
    approver: 'ada@example.org',
    expires: '2020-01-31',
  });
});

afterAll(async () => {
  await harness?.close();
});

const verdicts = () => page.getByRole('table', { name: 'License verdicts' });
/** The row of one package in the verdict table, as its cells' texts (after the name). */
const verdictRow = (name: string) =>
  verdicts()
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
const cells = (name: string) => verdictRow(name).getByRole('cell').allInnerTexts();

async function signInAs(who: { email: string; password: string; name: string }) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
  await expect.poll(() => page.getByRole('banner').textContent()).toContain(who.name);
}

async function openProject() {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Licenses' }).click();
  await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'shop-app' }).click();
  await page.getByRole('heading', { name: 'shop-app', level: 1 }).waitFor();
  await verdictRow('gpl-lib').waitFor();
}

describe('licenses', () => {
  it("shows the portfolio: totals, packages by category, and the projects' verdicts", async () => {
    await page.goto(`${harness.server.url}/licenses`);
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
    const chart = page.getByRole('figure', { name: 'Packages by license category' });
    await chart.waitFor();
    // each bar is named and counted in words, for people who cannot tell the colours apart or see them
    expect(await chart.getByRole('listitem').allTextContents()).toEqual([
      'Public domain: 0 packages',
      'Permissive: 61 packages',
      'Weak copyleft: 1 package',
      'Strong copyleft: 1 package',
      'Network copyleft: 0 packages',
      'Non-commercial: 0 packages',
      'Proprietary: 0 packages',
      'Unknown: 0 packages',
    ]);
    const row = page.getByRole('row', { name: /shop-app/ });
    // context, denied, to review, waived, packages, categories
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      'Distributed binary',
      '1',
      '1',
      '0',
      '3',
      'Permissive 1, Weak copyleft 1, Strong copyleft 1',
    ]);
    expect(
      await page
        .getByRole('table', { name: 'License verdicts by project' })
        .getByRole('rowheader')
        .allInnerTexts(),
    ).toEqual(['shop-app', 'catalog']);
    await shot('portfolio');
  });

  it('pages through a big project with Load more, and says when all are allowed', async () => {
    await page.getByRole('link', { name: 'catalog' }).click();
    await page.getByRole('heading', { name: 'catalog', level: 1 }).waitFor();
    await expect.poll(() => verdicts().getByRole('rowheader').count()).toBe(50);
    const panel = page.getByRole('region', { name: 'Licenses' });
    const showing = panel.getByRole('status').filter({ hasText: 'Showing' });
    expect(await showing.textContent()).toBe('Showing 50 of 60 packages; more are available.');
    expect(await panel.textContent()).toContain('All 60 packages are allowed');
    await page.getByRole('button', { name: 'Load more verdicts' }).click();
    await expect.poll(() => verdicts().getByRole('rowheader').count()).toBe(60);
    expect(await showing.textContent()).toBe('Showing 60 of 60 packages.');
    expect(await page.getByRole('button', { name: 'Load more verdicts' }).count()).toBe(0);
    await page.goBack();
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
  });

  it('shows the denied GPL package in the project, with what brings it in, and filters the verdicts', async () => {
    await page.getByRole('link', { name: 'shop-app' }).click();
    await page.getByRole('heading', { name: 'shop-app', level: 1 }).waitFor();
    await expect
      .poll(() => verdicts().getByRole('rowheader').allInnerTexts())
      .toEqual(['gpl-lib', 'lgpl-lib', 'mit-lib']);
    const gpl = await cells('gpl-lib');
    expect(gpl.slice(0, 4)).toEqual(['2.0.0', '✕ Denied', 'GPL-3.0-only', 'Strong copyleft']);
    expect(gpl[4]).toContain('category strong-copyleft in distributed-binary: deny');
    expect(gpl[5]).toBe('mit-lib');
    expect((await cells('lgpl-lib')).slice(1, 2)).toEqual(['! To review']);
    expect((await cells('mit-lib')).slice(1, 2)).toEqual(['✓ Allowed']);
    expect((await cells('mit-lib'))[5]).toBe('direct dependency');

    await page.getByLabel('Verdict').selectOption('deny');
    await expect.poll(() => verdicts().getByRole('rowheader').allInnerTexts()).toEqual(['gpl-lib']);
    await page.getByLabel('Verdict').selectOption('');
    await page.getByLabel('Package name contains').fill('LGPL');
    await expect.poll(() => verdicts().getByRole('rowheader').allInnerTexts()).toEqual(['lgpl-lib']);
    await page.getByLabel('Package name contains').fill('');
    await expect.poll(() => verdicts().getByRole('rowheader').count()).toBe(3);
    await shot('project');
  });

  it("changes the project's distribution context, and the verdicts with it", async () => {
    const select = page.getByLabel('Distribution context');
    await select.selectOption('internal');
    await page.getByRole('button', { name: 'Save context' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('All 3 packages are allowed');
    expect((await cells('gpl-lib'))[1]).toBe('✓ Allowed');
    await select.selectOption('');
    await page.getByRole('button', { name: 'Save context' }).click();
    await expect.poll(async () => (await cells('gpl-lib'))[1]).toBe('✕ Denied');
  });

  it('lets legal fix a refused policy by its lines, then allow LGPL', async () => {
    await signInAs(legal);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByRole('heading', { name: 'License policy', level: 1 }).waitFor();
    const editor = page.getByLabel('Policy (ospo.yml)');
    await expect.poll(() => editor.inputValue()).toContain('licenses:');
    expect(await page.getByRole('main').textContent()).toContain('Version 0');

    await editor.fill(brokenPolicy);
    await page.getByRole('button', { name: 'Save policy' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const problems = await alert.getByRole('listitem').allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Line 5: licenses\.rules\.0\.license .*unknown license id "LGPL-2\.1-onyl"/);
    expect(problems[1]).toMatch(/^Line 7: licenses\.rules\.1\.license .*unknown license id "GPL-3"/);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await alert.getByRole('button', { name: 'Line 7' }).click();
    // the line's button puts the cursor in the editor with that line selected
    expect(await page.locator('textarea:focus').count()).toBe(1);
    const selected = await editor.evaluate((element) => {
      const area = element as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toBe('    - license: GPL-3');
    await shot('policy-errors');

    await editor.fill(lgplPolicy);
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Saved policy version 1');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('main').textContent()).toContain(`saved by ${legal.email}`);

    await openProject();
    await expect.poll(async () => (await cells('lgpl-lib'))[1]).toBe('✓ Allowed');
    expect((await cells('lgpl-lib'))[4]).toContain('we link it dynamically and ship its source');
    expect((await cells('gpl-lib'))[1]).toBe('✕ Denied');
  });

  it('lets legal waive the GPL package from its verdict', async () => {
    await verdictRow('gpl-lib').getByRole('link', { name: 'Waive gpl-lib' }).click();
    await page.getByRole('heading', { name: 'License waivers', level: 1 }).waitFor();
    expect(await page.getByLabel('Package').inputValue()).toBe('pkg:npm/gpl-lib');
    expect(await page.getByLabel('Project').inputValue()).toBe('shop-app');
    expect(await page.getByLabel('Approver').inputValue()).toBe(legal.email);

    await page.getByRole('button', { name: 'Grant waiver' }).click();
    expect(await page.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Expires').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').allInnerTexts()).toEqual([
      '✕ Fill this in.',
      '✕ Fill this in.',
    ]);

    const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
    await page.getByLabel('Expires').fill(nextYear);
    await page.getByLabel('Reason').fill('shipped only to the one customer who asked for it');
    await page.getByRole('button', { name: 'Grant waiver' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain(`Granted waiver W-2 for pkg:npm/gpl-lib until ${nextYear}`);
    const waivers = page.getByRole('table', { name: 'Waivers' });
    expect(await waivers.getByRole('rowheader').allInnerTexts()).toEqual(['W-1', 'W-2']);
    const old = waivers.getByRole('row', { name: /W-1/ });
    expect(await old.textContent()).toContain('2020-01-31 (expired)');
    await shot('waivers');

    await openProject();
    await expect.poll(async () => (await cells('gpl-lib'))[1]).toBe('✓ Waived');
    expect((await cells('gpl-lib'))[4]).toContain('Waived by W-2');
    expect(await page.getByRole('main').textContent()).toContain(
      'All 3 packages are allowed, 1 of them by a waiver',
    );
    await shot('waived');
  });

  it('revokes a waiver after asking to confirm', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('link', { name: 'Waivers', exact: true }).click();
    await page.getByRole('heading', { name: 'License waivers', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Revoke W-1' }).click();
    const confirm = page.getByRole('button', { name: 'Yes, revoke W-1' });
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Yes, revoke W-1');
    await page.keyboard.press('Escape');
    // Escape cancels, and focus goes back to the button that asked
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Revoke W-1');
    await page.getByRole('button', { name: 'Revoke W-1' }).click();
    await confirm.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Revoked waiver W-1');
    const waivers = page.getByRole('table', { name: 'Waivers' });
    expect(await waivers.getByRole('rowheader').allInnerTexts()).toEqual(['W-2']);
    await page.getByLabel('Include revoked waivers').check();
    await expect.poll(() => waivers.getByRole('rowheader').allInnerTexts()).toEqual(['W-1', 'W-2']);
    expect(await waivers.getByRole('row', { name: /W-1/ }).innerText()).toMatch(
      new RegExp(`Revoked\\s+by ${legal.email}`),
    );
  });

  it('shows a member the policy read-only, and no waiver controls', async () => {
    await signInAs(member);
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByRole('heading', { name: 'License policy', level: 1 }).waitFor();
    const editor = page.getByLabel('Policy (ospo.yml)');
    await expect.poll(() => editor.inputValue()).toBe(lgplPolicy);
    expect(await editor.isEditable()).toBe(false);
    expect(await page.getByRole('button', { name: 'Save policy' }).count()).toBe(0);
    expect(await page.getByRole('main').textContent()).toContain('Read-only: your role (member)');
    await shot('policy-member');

    // by keyboard: the view's link, Enter, and focus lands on the new view's heading
    await page.getByRole('link', { name: 'Waivers', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Waivers' }).waitFor();
    await expect.poll(() => page.locator(':focus').textContent()).toBe('License waivers');
    expect(await page.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Grant waiver' }).count()).toBe(0);
  });

  it('lets a member upload an SBOM, follow its job live, and see the new scan', async () => {
    await page.goto(`${harness.server.url}/projects/shop-app`);
    await page.getByRole('heading', { name: 'shop-app', level: 1 }).waitFor();
    const history = page.getByRole('region', { name: 'Scan history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(2); // the header and one scan
    const next = { ...sbom, components: [...sbom.components, component('new-lib', '0.1.0', 'MIT')] };
    await page.getByLabel('SBOM file').setInputFiles({
      name: 'shop-v2.cdx.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(next)),
    });
    await page.getByRole('button', { name: 'Upload SBOM' }).click();
    const job = page.locator('.job-status');
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('completed');
    expect(await job.getByRole('status').textContent()).toBe(
      'Done — saved as a new scan of 4 packages, shown below',
    );
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    // the new scan is the one shown
    const packages = page.getByRole('table', { name: 'Packages' });
    await expect.poll(() => packages.getByRole('rowheader').allInnerTexts()).toContain('new-lib');
    expect(await history.getByRole('row').nth(1).textContent()).toContain('Showing');
    await shot('sbom-uploaded');
  });

  it('logged no script errors or policy violations, and no API failures but the refused policy', () => {
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'PUT /api/v1/policy/licenses 400',
    ]);
  });
});
