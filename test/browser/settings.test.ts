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
const userRow = (email: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });

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
    await page.getByLabel('Role', { exact: true }).selectOption('security');
    await page.getByLabel('Initial password').fill(newcomer.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    // hashing the password takes a moment
    await expect
      .poll(() => status().textContent(), { timeout: 15_000 })
      .toContain(`Added ${newcomer.email} as Security`);
    const row = userRow(newcomer.email);
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe(newcomer.name);
    expect(cells[2]).toBe('Active');
    expect(await row.getByLabel(`Role of ${newcomer.email}`).inputValue()).toBe('security');
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
      .toEqual([expect.stringContaining(`${newcomer.name} <${newcomer.email}> Security`)]);
    await shot('teams');
  });

  it("lets the admin change a user's role, and says next to the select why the last admin cannot step down", async () => {
    await settingsNav().getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const row = userRow(newcomer.email);
    const select = row.getByLabel(`Role of ${newcomer.email}`);
    await select.waitFor();
    expect(await row.getByRole('button', { name: /^Save/ }).count()).toBe(0); // nothing to save yet
    await select.focus();
    await select.selectOption('viewer');
    await row.getByRole('button', { name: `Save the role of ${newcomer.email}` }).press('Enter');
    await expect.poll(() => status().textContent()).toContain(`${newcomer.email} is now Viewer.`);
    await expect.poll(() => select.inputValue()).toBe('viewer');
    expect(await row.getByRole('button', { name: /^Save/ }).count()).toBe(0);

    const mine = userRow(admin.email);
    const own = mine.getByLabel(`Role of ${admin.email}`);
    await own.selectOption('member');
    await mine.getByRole('button', { name: `Save the role of ${admin.email}` }).click();
    const refusal = mine.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('You are the last active admin.');
    expect(await refusal.textContent()).toContain('Make another user an admin first');
    // the select is described by the refusal and marked invalid
    const describedBy = await own.getAttribute('aria-describedby');
    expect(describedBy).toBe(await refusal.getAttribute('id'));
    expect(await own.getAttribute('aria-invalid')).toBe('true');
    await shot('users-last-admin');
    await own.selectOption('admin');
    expect(await mine.getByRole('alert').count()).toBe(0);
    expect(await mine.getByRole('button', { name: /^Save/ }).count()).toBe(0);
  });

  it('lets the admin remove a member from a team', async () => {
    await settingsNav().getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'Members of platform' }).click();
    const members = page.getByRole('list', { name: 'Members of platform' });
    await members.waitFor();
    await members.getByRole('button', { name: `Remove ${newcomer.email} from platform` }).click();
    await expect.poll(() => status().textContent()).toContain(`Removed ${newcomer.email} from platform.`);
    await expect.poll(() => main().textContent()).toContain('No members yet.');
    await shot('team-member-removed');
  });

  it('lets the admin disable a user after confirming: signed out, and refused at sign-in', async () => {
    // the newcomer signs in elsewhere first
    const other = await page.context().browser()?.newContext({ locale: 'en-US' });
    if (!other) throw new Error('no browser');
    const theirs = await other.newPage();
    const signIn = async () => {
      await theirs.getByRole('heading', { name: 'Sign in' }).waitFor();
      await theirs.getByLabel('Email').fill(newcomer.email);
      await theirs.getByLabel('Password').fill(newcomer.password);
      await theirs.getByLabel('Password').press('Enter');
    };
    try {
      await theirs.goto(`${harness.server.url}/projects`);
      await signIn();
      await expect.poll(() => theirs.getByRole('banner').textContent()).toContain(newcomer.name);

      await settingsNav().getByRole('link', { name: 'Users' }).click();
      const row = userRow(newcomer.email);
      await row.getByRole('button', { name: `Disable ${newcomer.email}` }).click();
      const confirm = row.getByRole('group', { name: `Disable ${newcomer.email}? They are signed out` });
      await confirm.waitFor();
      // Escape backs out, focus back on the button
      await page.keyboard.press('Escape');
      await expect
        .poll(() => page.evaluate('document.activeElement?.textContent'))
        .toBe(`Disable ${newcomer.email}`);
      await row.getByRole('button', { name: `Disable ${newcomer.email}` }).click();
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('signed out at once and their API tokens are revoked');
      await shot('user-disable-confirm');
      await confirm.getByRole('button', { name: 'Yes, disable' }).click();
      await expect
        .poll(() => status().textContent())
        .toContain(`Disabled ${newcomer.email}: signed out, and their API tokens revoked.`);
      await expect.poll(async () => (await row.getByRole('cell').allInnerTexts())[2]).toMatch(/^Disabled/);
      await row.getByRole('button', { name: `Enable ${newcomer.email}` }).waitFor();
      await shot('user-disabled');

      // their session is over, and signing in again is refused with the reason
      await theirs.reload();
      await signIn();
      const alert = theirs.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain(
        `Could not sign in: the account ${newcomer.email} is disabled`,
      );
      expect(await alert.textContent()).toContain('Ask an ospokit admin to enable it again.');
      await theirs.screenshot({ path: path.join(shots, 'settings-disabled-sign-in.png'), fullPage: true });

      // enabled again, they can sign in
      await row.getByRole('button', { name: `Enable ${newcomer.email}` }).click();
      await expect.poll(() => status().textContent()).toContain(`Enabled ${newcomer.email}`);
      await theirs.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => theirs.getByRole('banner').textContent()).toContain(newcomer.name);
    } finally {
      await other.close();
    }
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
    // the refusals asked for: adding the same user twice, demoting the last admin
    expect(harness.apiFailures.map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'POST /api/v1/users 409',
      expect.stringMatching(/^PATCH \/api\/v1\/users\/[0-9a-f-]{36} 409$/),
    ]);
  });
});
