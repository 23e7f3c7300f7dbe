import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, shots, startHarness } from './harness.js';

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const viewer = {
  name: 'Vic Viewer',
  email: 'vic@example.org',
  password: 'battery staple horse',
  role: 'viewer',
};
/** More project creations than one page of the log holds (50), to page with Load more. */
const PROJECTS = 52;

let harness: Harness;
let page: Page;

const shot = async (name: string, fullPage = true) => {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shots, `audit-${name}.png`), fullPage });
};
const table = () => page.getByRole('table', { name: 'Audit log entries' });
const actions = () => table().getByRole('rowheader').allInnerTexts();

beforeAll(async () => {
  harness = await startHarness('audit');
  page = harness.page;
  const { server, call } = harness;
  const setup = await page.context().request.post(`${server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  await call(csrfToken, 'POST', '/api/v1/users', viewer);
  for (let i = 1; i < PROJECTS; i++) {
    await call(csrfToken, 'POST', '/api/v1/projects', { name: `svc-${String(i).padStart(2, '0')}` });
  }
  await call(csrfToken, 'POST', '/api/v1/projects', { name: 'shop-app', description: 'the shop' });
});

afterAll(async () => {
  await harness?.close();
});

describe('audit log', () => {
  it('shows an admin what was done, newest first, with readable details', async () => {
    await page.goto(`${harness.server.url}/settings/audit`);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await table().waitFor();
    expect(await page.title()).toBe('Audit log · ospokit');
    await expect.poll(() => table().getByRole('row').count()).toBe(51); // the header and 50 entries
    expect((await actions())[0]).toBe('project.create');
    const shop = table().getByRole('row').filter({ hasText: 'shop-app' });
    expect(await shop.count()).toBe(1);
    const cells = await shop.getByRole('cell').allInnerTexts();
    expect(cells[1]).toBe('user:ada@example.org');
    expect(cells[2]).toMatch(/^project\s+[0-9a-f-]{36}$/);
    // details as key/value pairs, not JSON (in the order the database keeps them)
    const terms = await shop.getByRole('term').allInnerTexts();
    const values = await shop.getByRole('definition').allInnerTexts();
    expect(Object.fromEntries(terms.map((term, i) => [term, values[i]]))).toEqual({
      name: 'shop-app',
      lifecycle: 'production',
      relation: 'uses',
      distribution: '—',
    });
    const status = page.getByRole('status').filter({ hasText: 'Showing' });
    expect(await status.textContent()).toBe('Showing 50 entries; more are available.');
    await shot('log', false);
  });

  it('filters by action, keeps the filter in the address, and pages with Load more', async () => {
    await page.getByLabel('Action').fill('project.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('?action=project.create');
    await expect.poll(async () => new Set(await actions())).toEqual(new Set(['project.create']));
    expect(await actions()).toHaveLength(50);
    await page.getByRole('button', { name: 'Load more entries' }).click();
    await expect.poll(async () => (await actions()).length).toBe(PROJECTS);
    const status = page.getByRole('status').filter({ hasText: 'Showing' });
    expect(await status.textContent()).toBe(`Showing ${PROJECTS} entries (filtered).`);
    expect(await page.getByRole('button', { name: 'Load more entries' }).count()).toBe(0);

    await page.getByLabel('Action').fill('user.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => actions()).toEqual(['user.create', 'user.create']);
    await page.reload();
    await expect.poll(() => actions()).toEqual(['user.create', 'user.create']);
    expect(await page.getByLabel('Action').inputValue()).toBe('user.*');
  });

  it('exports what the filters match as CSV and JSON', async () => {
    await page.getByLabel('Action').fill('project.create');
    await page.getByLabel('Actor').fill('ada@');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => (await actions()).length).toBe(50);
    const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(csvHref).toBe('/api/v1/audit/export?actor=ada%40&action=project.create&format=csv');
    const csv = await page.context().request.get(`${harness.server.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="ospokit-audit-.*\.csv"$/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,targetType,targetId,details');
    expect(lines).toHaveLength(PROJECTS + 1);
    expect(lines.slice(1).every((line) => line.includes(',user:ada@example.org,project.create,'))).toBe(true);

    const jsonHref = await page.getByRole('link', { name: 'Export JSON' }).getAttribute('href');
    const json = await page.context().request.get(`${harness.server.url}${jsonHref}`);
    expect(json.headers()['content-type']).toMatch(/^application\/json/);
    expect(((await json.json()) as unknown[]).length).toBe(PROJECTS);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.url()).toMatch(/\/settings\/audit$/);
  });

  it('links the API reference from the dashboard, and the page renders under the CSP', async () => {
    const link = page.getByRole('banner').getByRole('link', { name: 'API reference' });
    expect(await link.getAttribute('href')).toBe('/api/docs');
    await link.click();
    await page.getByRole('heading', { name: /^API reference/, level: 1 }).waitFor();
    const contents = page.getByRole('navigation', { name: 'Operations' });
    await contents.getByRole('link', { name: 'GET /api/v1/audit/export' }).click();
    await expect.poll(() => page.url()).toContain('#op-get-api-v1-audit-export');
    const css = await page.evaluate('getComputedStyle(document.body).margin');
    expect(css).toBe('0px'); // the stylesheet loaded
    await shot('api-docs', false); // the whole reference is very long
    await page.goBack();
    await page.goBack();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  });

  it('tells a viewer that the log is not for their role', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(viewer.email);
    await page.getByLabel('Password').fill(viewer.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('Your role (viewer) cannot read the audit log.');
    expect(await page.getByRole('link', { name: 'Export CSV' }).count()).toBe(0);
  });

  it('met no script error and no failed API call', () => {
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures).toEqual([]);
  });
});
