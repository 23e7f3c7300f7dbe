import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import { type Harness, shots, startHarness } from './harness.js';

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const security = {
  name: 'Sam Security',
  email: 'sam@example.org',
  password: 'staple battery horse',
  role: 'security',
};
const viewer = {
  name: 'Vic Viewer',
  email: 'vic@example.org',
  password: 'battery staple correct',
  role: 'viewer',
};

const LODASH = 'GHSA-aaaa-bbbb-cccc';
const MINIMIST = 'GHSA-dddd-eeee-ffff';

const osv = (
  id: string,
  pkg: string,
  fixed: string,
  vector: string,
  extra: Record<string, unknown> = {},
) => ({
  schema_version: '1.6.0',
  id,
  modified: '2024-05-01T00:00:00Z',
  published: '2024-04-01T00:00:00Z',
  summary: `${pkg} is vulnerable`,
  severity: [{ type: 'CVSS_V3', score: vector }],
  affected: [
    {
      package: { ecosystem: 'npm', name: pkg },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
  ...extra,
});
const advisories = [
  osv(LODASH, 'lodash', '4.17.21', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', {
    aliases: ['CVE-2099-0001'],
    summary: 'Command injection in lodash template',
    // markdown with markup in it: the page must show it as text, never run or render it
    details:
      'The template function runs code it is given.\n\nPass untrusted input and <script>alert(1)</script> runs.',
    references: [
      { type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' },
      { type: 'WEB', url: 'javascript:alert(1)' },
    ],
  }),
  osv(MINIMIST, 'minimist', '1.2.6', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N'),
  osv('GHSA-gggg-hhhh-iiii', 'left-pad', '1.3.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'),
];

const purl = (name: string, version: string) => `pkg:npm/${name}@${version}`;
const component = (name: string, version: string) => ({
  type: 'library',
  'bom-ref': purl(name, version),
  name,
  version,
  purl: purl(name, version),
  scope: 'required',
});
/** The shop uses web-lib (which pulls in a vulnerable lodash) and a vulnerable minimist directly. */
const shopSbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { component: { type: 'application', 'bom-ref': 'shop-app', name: 'shop-app' } },
  components: [component('web-lib', '1.0.0'), component('lodash', '4.17.20'), component('minimist', '1.2.5')],
  dependencies: [
    { ref: 'shop-app', dependsOn: [purl('web-lib', '1.0.0'), purl('minimist', '1.2.5')] },
    { ref: purl('web-lib', '1.0.0'), dependsOn: [purl('lodash', '4.17.20')] },
    { ref: purl('lodash', '4.17.20'), dependsOn: [] },
    { ref: purl('minimist', '1.2.5'), dependsOn: [] },
  ],
};
/** The catalog has the same lodash, directly. */
const catalogSbom = {
  ...shopSbom,
  metadata: { component: { type: 'application', 'bom-ref': 'catalog', name: 'catalog' } },
  components: [component('lodash', '4.17.20')],
  dependencies: [
    { ref: 'catalog', dependsOn: [purl('lodash', '4.17.20')] },
    { ref: purl('lodash', '4.17.20'), dependsOn: [] },
  ],
};

let harness: Harness;
let page: Page;
let adminCsrf: string;
let advisoryDir: string;

const shot = async (name: string) => {
  await page.mouse.move(0, 0); // no hover effects in the pictures
  await page.screenshot({ path: path.join(shots, `vulnerabilities-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  harness = await startHarness('vulnerabilities');
  page = harness.page;
  const setup = await page.context().request.post(`${harness.server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  adminCsrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
  for (const user of [security, viewer]) await harness.call(adminCsrf, 'POST', '/api/v1/users', user);
  advisoryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-browser-osv-'));
  for (const record of advisories) {
    fs.writeFileSync(path.join(advisoryDir, `${record.id}.json`), JSON.stringify(record));
  }
});

afterAll(async () => {
  await harness?.close();
  if (advisoryDir) fs.rmSync(advisoryDir, { recursive: true, force: true });
});

async function signInAs(who: { email: string; password: string; name: string }) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
  await expect.poll(() => page.getByRole('banner').textContent()).toContain(who.name);
}

async function openSection() {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Vulnerabilities' })
    .click();
  await page.getByRole('heading', { name: 'Vulnerabilities', level: 1 }).waitFor();
}

/** The facts at the top of the page, as `name: value` lines. */
async function facts(): Promise<string[]> {
  const terms = await page.getByRole('main').getByRole('term').allInnerTexts();
  const values = await page.getByRole('main').getByRole('definition').allInnerTexts();
  return terms.map((term, i) => `${term.toLowerCase()}: ${values[i]}`);
}

const queue = () => page.getByRole('table', { name: 'Triage queue' });
const filters = () => page.getByRole('search', { name: 'Filter the triage queue' });
const affected = () => page.getByRole('table', { name: `Projects affected by ${LODASH}` });
const affectedRow = (project: string) =>
  affected()
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: project, exact: true }) });

describe('vulnerabilities', () => {
  it('says what to do while the store has no advisories', async () => {
    await page.goto(`${harness.server.url}/vulnerabilities`);
    await page.getByRole('heading', { name: 'Vulnerabilities', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No advisories in the store' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('ospo advisories import PATH');
    const sections = page.getByRole('navigation', { name: 'Sections' });
    expect(await sections.getByRole('link', { name: 'Vulnerabilities' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await shot('empty');
  });

  it('shows a security user the counts, the charts, the worst projects and the triage queue', async () => {
    const report = await importAdvisories(harness.store, { kind: 'local', name: 'test' }, [advisoryDir]);
    expect(report).toMatchObject({ read: 3, inserted: 3, skipped: [] });
    for (const [name, sbom] of [
      ['shop-app', shopSbom],
      ['catalog', catalogSbom],
    ] as const) {
      await harness.call(adminCsrf, 'POST', '/api/v1/projects', { name, relation: 'produces' });
      await harness.call(adminCsrf, 'POST', `/api/v1/projects/${name}/scans?wait=true`, {
        sbom,
        name: 'bom.json',
      });
    }
    await signInAs(security);
    await openSection();
    await queue().waitFor();
    expect(await facts()).toEqual([
      'open findings: 3',
      'critical + high: 2',
      'projects affected: 2',
      'projects scanned: 2',
      'advisories in store: 3',
    ]);
    const severity = page.getByRole('figure', { name: 'Open findings by severity' });
    expect(await severity.getByRole('listitem').allTextContents()).toEqual([
      'Critical: 2 findings',
      'High: 0 findings',
      'Medium: 1 finding',
      'Low: 0 findings',
      'Unknown: 0 findings',
    ]);
    const states = page.getByRole('figure', { name: 'Findings by triage state' });
    expect((await states.getByRole('listitem').allTextContents())[0]).toBe('Not triaged: 3 findings');
    // the trend's numbers are a table too, for screen readers; today's row has the three open findings
    const trend = page.getByRole('figure', { name: 'Open findings over time' });
    const days = trend.getByRole('table', { name: 'Open findings per day, by severity' }).getByRole('row');
    expect(await days.first().getByRole('columnheader').allTextContents()).toEqual([
      'Day',
      'Critical',
      'High',
      'Medium',
      'Low',
      'Unknown',
      'Total',
    ]);
    expect(await days.last().getByRole('cell').allTextContents()).toEqual(['2', '0', '1', '0', '0', '3']);

    const worst = page.getByRole('table', { name: 'Open findings by project' });
    expect(await worst.getByRole('rowheader').allInnerTexts()).toEqual(['shop-app', 'catalog']);
    expect(await worst.getByRole('link', { name: 'shop-app' }).getAttribute('href')).toBe(
      '/projects/shop-app',
    );

    // worst first: the critical lodash findings, then minimist's medium one
    const advisoryCells = () => queue().getByRole('rowheader').getByRole('link').allInnerTexts();
    expect(await advisoryCells()).toEqual([LODASH, LODASH, MINIMIST]);
    expect(await page.getByRole('status').filter({ hasText: 'Showing' }).textContent()).toBe(
      'Showing 3 of 3 findings.',
    );
    await shot('overview');

    await filters().getByLabel('Severity').selectOption('medium');
    await expect.poll(advisoryCells).toEqual([MINIMIST]);
    await filters().getByLabel('Severity').selectOption('');
    await filters().getByLabel('Package or advisory contains').fill('LODASH');
    await expect.poll(advisoryCells).toEqual([LODASH, LODASH]);
    await filters().getByLabel('Package or advisory contains').fill('dddd');
    await expect.poll(advisoryCells).toEqual([MINIMIST]);
    await filters().getByLabel('Package or advisory contains').fill('');
    await expect.poll(advisoryCells).toEqual([LODASH, LODASH, MINIMIST]);
  });

  it('opens the finding page: the advisory as text, its references, ranges and affected projects', async () => {
    await queue().getByRole('link', { name: LODASH }).first().click();
    await page.getByRole('heading', { name: LODASH, level: 1 }).waitFor();
    // focus moves to the new page's heading, for screen readers
    await expect.poll(() => page.locator(':focus').textContent()).toBe(LODASH);
    expect(new URL(page.url()).pathname).toBe(`/vulnerabilities/${LODASH}`);
    await affected().waitFor();
    const main = page.getByRole('main');
    expect(await main.textContent()).toContain('Command injection in lodash template');
    expect(await main.textContent()).toContain('CVE-2099-0001');
    expect(await main.textContent()).toContain('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(await main.getByText('Critical 9.8').count()).toBeGreaterThan(0);
    // the details' markup is shown as text, and nothing of it became an element
    const details = page.getByRole('region', { name: 'Details' });
    expect(await details.getByRole('paragraph').allInnerTexts()).toEqual([
      'The template function runs code it is given.',
      'Pass untrusted input and <script>alert(1)</script> runs.',
    ]);
    expect(await page.locator('main script').count()).toBe(0);
    const refs = page.getByRole('region', { name: 'References' });
    const link = refs.getByRole('link', { name: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' });
    expect(await link.getAttribute('rel')).toBe('noreferrer');
    // a javascript: address is shown, never made a link
    expect(await refs.getByRole('link').count()).toBe(1);
    expect(await refs.textContent()).toContain('javascript:alert(1)');
    expect(await page.getByRole('region', { name: 'Affected packages' }).textContent()).toContain(
      'every version up to, not including, 4.17.21',
    );

    expect(await affected().getByRole('rowheader').allInnerTexts()).toEqual(['catalog', 'shop-app'].sort());
    const shop = affectedRow('shop-app');
    const cells = await shop.getByRole('cell').allInnerTexts();
    expect(cells[0]).toContain('lodash');
    expect(cells[0]).toContain('4.17.20');
    expect(cells[2]).toBe('4.17.21');
    expect(
      await shop
        .getByRole('list', { name: 'Dependency path to lodash' })
        .getByRole('listitem')
        .allInnerTexts(),
    ).toEqual(['web-lib', 'lodash']);
    expect(cells[4]).toContain('Not triaged');
    expect((await affectedRow('catalog').getByRole('cell').allInnerTexts())[3]).toContain(
      'direct dependency',
    );
    await shot('finding');
  });

  it('triages the shop finding not affected, with a justification, and records it in the history', async () => {
    const shop = affectedRow('shop-app');
    const open = page.getByRole('button', { name: 'Triage lodash 4.17.20 in shop-app' });
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    await open.click();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    const form = page.getByRole('form', { name: 'Triage lodash 4.17.20 in shop-app' });
    await form.getByLabel('State').selectOption('not_affected');
    // not affected needs a reason: the form says so before asking the server
    await form.getByRole('button', { name: 'Save triage' }).click();
    const justification = form.getByLabel('Justification');
    expect(await justification.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('Choose why the project is not affected.');
    await expect
      .poll(() => page.locator(':focus').getAttribute('id'))
      .toBe(await justification.getAttribute('id'));
    await shot('triage-form');

    await justification.selectOption('vulnerable_code_not_in_execute_path');
    await form.getByLabel('Detail (optional)').fill('the shop never calls _.template');
    await form.getByRole('button', { name: 'Save triage' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved: Not affected.');
    await expect
      .poll(async () => (await shop.getByRole('cell').allInnerTexts())[4])
      .toContain('Not affected');
    const state = (await shop.getByRole('cell').allInnerTexts())[4];
    expect(state).toContain('Vulnerable code not in the execute path');
    expect(state).toContain('the shop never calls _.template');
    expect(state).toContain(security.email);

    await page.getByRole('button', { name: 'History of lodash 4.17.20 in shop-app' }).click();
    const history = page.getByRole('region', { name: 'Triage history of lodash 4.17.20 in shop-app' });
    const entries = history.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(1);
    const entry = await entries.first().innerText();
    expect(entry).toContain('Not affected');
    expect(entry).toContain('by hand');
    expect(entry).toContain('Vulnerable code not in the execute path');
    expect(entry).toContain(security.email);
    await shot('triaged');
  });

  it('takes the triaged finding out of the open queue and the counts', async () => {
    await openSection();
    await queue().waitFor();
    await expect.poll(facts).toContain('open findings: 2');
    expect(await queue().getByRole('rowheader').getByRole('link').allInnerTexts()).toEqual([
      LODASH,
      MINIMIST,
    ]);
    const states = page.getByRole('figure', { name: 'Findings by triage state' });
    expect(await states.getByRole('listitem').allTextContents()).toContain('Not affected: 1 finding');
    await filters().getByLabel('State').selectOption('not_affected');
    await expect.poll(() => queue().getByRole('row').count()).toBe(2); // the header and one finding
    expect(await queue().getByRole('row').last().innerText()).toContain('shop-app');
  });

  it("shows the project's open findings on its page, and exports its triage as VEX", async () => {
    await page
      .getByRole('table', { name: 'Open findings by project' })
      .getByRole('link', { name: 'shop-app' })
      .click();
    await page.getByRole('heading', { name: 'shop-app', level: 1 }).waitFor();
    const panel = page.getByRole('region', { name: 'Vulnerabilities' });
    const findings = panel.getByRole('table', { name: 'Findings of shop-app' });
    await findings.waitFor();
    expect(await findings.getByRole('rowheader').getByRole('link').allInnerTexts()).toEqual([MINIMIST]);
    await panel.getByLabel('State').selectOption('');
    await expect
      .poll(() => findings.getByRole('rowheader').getByRole('link').allInnerTexts())
      .toEqual([LODASH, MINIMIST]);
    const openvex = panel.getByRole('link', { name: 'OpenVEX document of shop-app' });
    const href = (await openvex.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/vex\?format=openvex$/);
    expect(
      await panel.getByRole('link', { name: 'CycloneDX VEX document of shop-app' }).getAttribute('href'),
    ).toMatch(/\/vex\?format=cyclonedx$/);
    const vex = JSON.stringify(await harness.call('', 'GET', href));
    expect(vex).toContain(LODASH);
    expect(vex).toContain('not_affected');
    await shot('project');
  });

  it("pages through a project's many findings with Load more, by keyboard", async () => {
    // one package that 55 advisories affect, in a project of its own
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-browser-osv-bulk-'));
    try {
      for (let i = 0; i < 55; i++) {
        const id = `OSV-BULK-${String(i).padStart(3, '0')}`;
        const record = osv(id, 'bulk-lib', '2.0.0', 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N');
        fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(record));
      }
      await importAdvisories(harness.store, { kind: 'local', name: 'test' }, [dir]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const bulkSbom = {
      ...catalogSbom,
      metadata: { component: { type: 'application', 'bom-ref': 'bulk', name: 'bulk' } },
      components: [component('bulk-lib', '1.0.0')],
      dependencies: [{ ref: 'bulk', dependsOn: [purl('bulk-lib', '1.0.0')] }],
    };
    await signInAs(admin);
    const { csrfToken } = (await harness.call('', 'GET', '/api/v1/auth/session')) as { csrfToken: string };
    await harness.call(csrfToken, 'POST', '/api/v1/projects', { name: 'bulk' });
    await harness.call(csrfToken, 'POST', '/api/v1/projects/bulk/scans?wait=true', {
      sbom: bulkSbom,
      name: 'bom.json',
    });

    await page.goto(`${harness.server.url}/projects/bulk`);
    const panel = page.getByRole('region', { name: 'Vulnerabilities' });
    const rows = panel.getByRole('table', { name: 'Findings of bulk' }).getByRole('rowheader');
    await expect.poll(() => rows.count()).toBe(50);
    const showing = panel.getByRole('status').filter({ hasText: 'Showing' });
    expect(await showing.textContent()).toBe('Showing 50 of 55 findings; more are available.');
    const more = panel.getByRole('button', { name: 'Load more findings' });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(55);
    expect(await showing.textContent()).toBe('Showing 55 of 55 findings.');
    expect(await more.count()).toBe(0);
    // the pages joined without repeating or losing a finding
    const ids = await rows.getByRole('link').allInnerTexts();
    expect(new Set(ids).size).toBe(55);
  });

  it('shows a viewer the finding without triage controls, and the server refuses their triage', async () => {
    await signInAs(viewer);
    await page.goto(`${harness.server.url}/vulnerabilities/${encodeURIComponent(LODASH)}`);
    await page.getByRole('heading', { name: LODASH, level: 1 }).waitFor();
    await affected().waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Read-only: your role (viewer)');
    expect(await page.getByRole('button', { name: /^Triage/ }).count()).toBe(0);
    expect(await page.getByRole('form').count()).toBe(0);
    // the history is for everyone to read
    await page.getByRole('button', { name: 'History of lodash 4.17.20 in shop-app' }).click();
    const history = page.getByRole('region', { name: 'Triage history of lodash 4.17.20 in shop-app' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(1);
    await shot('viewer');

    const session = (await harness.call('', 'GET', '/api/v1/auth/session')) as { csrfToken: string };
    const projectId = await projectIdOf('shop-app', session.csrfToken);
    const refused = harness.call(session.csrfToken, 'PUT', `/api/v1/projects/${projectId}/findings/triage`, {
      purl: purl('lodash', '4.17.20'),
      advisory: LODASH,
      state: 'exploitable',
    });
    await expect(refused).rejects.toThrow(/: 403 .*ERR_OSPO_FORBIDDEN/);
  });

  it('refuses not affected without a justification (400)', async () => {
    await signInAs(security);
    const session = (await harness.call('', 'GET', '/api/v1/auth/session')) as { csrfToken: string };
    const projectId = await projectIdOf('catalog', session.csrfToken);
    const refused = harness.call(session.csrfToken, 'PUT', `/api/v1/projects/${projectId}/findings/triage`, {
      purl: purl('lodash', '4.17.20'),
      advisory: LODASH,
      state: 'not_affected',
    });
    await expect(refused).rejects.toThrow(/: 400 .*ERR_OSPO_TRIAGE_JUSTIFICATION/);
  });

  it('logged no script errors or policy violations, and no API failures', () => {
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures).toEqual([]);
  });
});

async function projectIdOf(name: string, csrf: string): Promise<string> {
  return ((await harness.call(csrf, 'GET', `/api/v1/projects/${name}`)) as { id: string }).id;
}
