import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, shots, startHarness } from './harness.js';

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const newcomer = { name: 'Nia Newcomer', email: 'nia@example.org', password: 'staple battery horse' };

let harness: Harness;
let page: Page;
let secret = '';

const shot = async (name: string) => {
  await page.mouse.move(0, 0); // no hover effects in the pictures
  await page.screenshot({ path: path.join(shots, `settings-${name}.png`), fullPage: true });
};
const settingsNav = () => page.getByRole('navigation', { name: 'Settings' });
const main = () => page.getByRole('main');
const status = () => main().getByRole('status').first();

/** A request from outside the browser, as a CI job makes it: a bearer token, no cookie, no CSRF token. */
const withToken = (token: string, url = '/api/v1/projects') =>
  fetch(`${harness.server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  harness = await startHarness('settings');
  page = harness.page;
  const setup = await page.context().request.post(`${harness.server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  await harness.call(csrfToken, 'POST', '/api/v1/projects', { name: 'shop-app' });
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.url });
});

afterAll(async () => {
  await harness?.close();
});

describe('settings', () => {
  it('opens from the sidebar with its parts, and links to the policy, waivers and audit log', async () => {
    await page.goto(`${harness.server.url}/projects`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.title()).toBe('Settings · ospokit');
    expect(await settingsNav().getByRole('listitem').allInnerTexts()).toEqual([
      'Overview',
      'Users',
      'Teams',
      'API tokens',
      'License policy',
      'Waivers',
      'Audit log',
    ]);
    const links = settingsNav().getByRole('link');
    const hrefs = await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(
      expect.arrayContaining(['/licenses/policy', '/licenses/waivers', '/settings/audit']),
    );
    await shot('overview');
  });

  it('lets the admin add a user with a role, and lists it', async () => {
    await settingsNav().getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByLabel('Email').fill(newcomer.email);
    await page.getByLabel('Name', { exact: true }).fill(newcomer.name);
    await page.getByLabel('Role').selectOption('security');
    await page.getByLabel('Initial password').fill(newcomer.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    // hashing the password takes a moment
    await expect
      .poll(() => status().textContent(), { timeout: 15_000 })
      .toContain(`Added ${newcomer.email} as Security`);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: newcomer.email }) });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      newcomer.name,
      'Security',
      expect.any(String),
    ]);
    // a second try is refused next to the field
    await page.getByLabel('Email').fill(newcomer.email);
    await page.getByLabel('Name', { exact: true }).fill('Again');
    await page.getByLabel('Initial password').fill(newcomer.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').waitFor({ timeout: 15_000 });
    expect(await page.getByText('A user with this email exists already.').count()).toBe(1);
    await shot('users');
  });

  it('lets the admin create a team and add a member to it', async () => {
    await settingsNav().getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.getByLabel('Team name').fill('platform');
    await page.getByLabel('Title (optional)').fill('Web Platform');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => status().textContent()).toContain('Created team platform');
    await page.getByRole('button', { name: 'Members of platform' }).click();
    await page.getByRole('heading', { name: 'Members of platform' }).waitFor();
    await expect.poll(() => main().textContent()).toContain('No members yet.');
    await page.getByLabel("Member's email").fill(newcomer.email);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => status().textContent()).toContain(`Added ${newcomer.email} to platform`);
    const members = page.getByRole('list', { name: 'Members of platform' });
    await expect
      .poll(() => members.getByRole('listitem').allInnerTexts())
      .toEqual([`${newcomer.name} <${newcomer.email}> Security`]);
    await shot('teams');
  });

  it('creates a token and shows its secret once, with a copy button', async () => {
    await settingsNav().getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await expect.poll(() => main().textContent()).toContain('No tokens yet.');
    await page.getByLabel('Token name').fill('shop CI');
    await page.getByRole('checkbox', { name: /Upload scans/ }).check();
    expect(await page.getByRole('checkbox', { name: /^Read/ }).isChecked()).toBe(true);
    await page.getByLabel('Expires').selectOption('30d');
    await page.getByRole('button', { name: 'Create token' }).click();
    const panel = page.getByRole('region', { name: /Copy your new token/ });
    await panel.waitFor();
    secret = await page.getByLabel('Token secret').inputValue();
    expect(secret).toMatch(/^ospo_[0-9A-Za-z]{40}$/);
    await panel.getByRole('button', { name: 'Copy the token secret' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/Copied|Ctrl\+C/);
    await shot('token-secret');

    await panel.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('heading', { name: 'Create a token' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /shop CI/ }) });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(0, 9));
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      admin.email,
      'read\nscan:write',
      expect.any(String),
      'Never',
      'Active',
      'Revoke\nshop CI',
    ]);
    // shown once: gone from the page, and not in the API's answers
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
    await shot('tokens');
  });

  it('lets CI call the API with the token, then refuses it once revoked', async () => {
    const ok = await withToken(secret);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { items: { name: string }[] }).items.map((p) => p.name)).toEqual([
      'shop-app',
    ]);
    // the page shows the use, at the next look
    await page.reload();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /shop CI/ }) });
    await expect.poll(async () => (await row.getByRole('cell').allInnerTexts())[3]).not.toBe('Never');

    await row.getByRole('button', { name: 'Revoke shop CI' }).click();
    const confirm = page.getByRole('group', { name: /Revoke “shop CI”\?/ });
    await confirm.waitFor();
    await shot('token-revoke');
    await confirm.getByRole('button', { name: 'Yes, revoke it' }).click();
    await expect.poll(() => status().textContent()).toContain('Revoked the token “shop CI”');
    await expect.poll(() => main().textContent()).toContain('No tokens yet.');
    await page.getByLabel('Include revoked tokens').check();
    await expect.poll(async () => (await row.getByRole('cell').allInnerTexts())[4]).toBe('Revoked');

    const refused = await withToken(secret);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_OSPO_TOKEN_REVOKED');
    await shot('tokens-revoked');
  });

  it('had no script errors and no failed API calls the test did not ask for', () => {
    expect(harness.pageErrors).toEqual([]);
    // the one refusal asked for: adding the same user twice
    expect(harness.apiFailures.map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'POST /api/v1/users 409',
    ]);
  });
});
