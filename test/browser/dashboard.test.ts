import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purlFor } from '../../src/core/purl.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { type OpenStore, openStore } from '../../src/store/index.js';
import { chromiumArgs } from './harness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = path.join(repoRoot, 'dist', 'web');
const shots = path.join(repoRoot, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };

let dataDir: string;
let store: OpenStore;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Every API answer of 400 or more, with its body, so a failure says what the server objected to. */
const apiFailures: string[] = [];

const shot = async (name: string) => {
  await page.mouse.move(0, 0); // no hover effects in the pictures
  await page.screenshot({ path: path.join(shots, `dashboard-${name}.png`), fullPage: true });
};

beforeAll(async () => {
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(
      `${webRoot}/index.html is missing: run \`npm run build:web\` first (npm run test:browser does).`,
    );
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH.`);
  }
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-browser-'));
  store = await openStore({ kind: 'pglite', dataDir });
  server = await startServer({ store, host: '127.0.0.1', port: 0, version: 'test', webRoot: `${webRoot}/` });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page = await context.newPage();
  // Console errors include Content-Security-Policy violations, so this also catches inline scripts and styles.
  page.on('console', (message) => {
    if (message.type() === 'error' && !isExpectedHttpError(message.text())) pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', async (response) => {
    if (!response.url().includes('/api/') || response.status() < 400) return;
    const body = await response.text().catch(() => '(no body)');
    apiFailures.push(
      `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()} ${body}`,
    );
  });
});

/** The browser logs every failed fetch; those are checked through apiFailures instead. */
function isExpectedHttpError(text: string): boolean {
  return text.startsWith('Failed to load resource: the server responded with a status of');
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('dashboard', () => {
  it('asks for the first admin on a fresh install', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Set up ospokit' }).isVisible()).toBe(true);
    await shot('setup');
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByLabel('Confirm password').fill(admin.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();

    // a new installation lands on the portfolio home, which says what to do first
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain(admin.name);
    expect(await page.getByRole('banner').textContent()).toContain('admin');
  });

  it('shows the sections in order, with the current one marked', async () => {
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    expect(await links.allInnerTexts()).toEqual([
      'Home',
      'Projects',
      'Inventory',
      'Licenses',
      'Vulnerabilities',
      'Governance',
      'Community',
      'Program',
      'Settings',
    ]);
    const current = page.locator('nav a[aria-current="page"]');
    expect(await current.textContent()).toBe('Projects');

    await page.getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/licenses');
    expect(await page.getByRole('main').textContent()).toContain('no project has a saved scan');
    expect(await current.textContent()).toBe('Licenses');
    await shot('licenses');
    await page.goBack();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  });

  it('explains the empty catalogue and creates a project', async () => {
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('ospo projects create NAME');
    await shot('empty');

    await page.getByLabel('Name', { exact: true }).fill('payments-api');
    await page.getByLabel('Description (optional)').fill('Takes card payments for the web shop.');
    await page.getByLabel('Lifecycle').selectOption('experimental');
    await page.getByLabel('Relation to open source').selectOption('produces');
    await page.getByLabel('Description (optional)').press('Enter');

    const row = page.getByRole('row', { name: /payments-api/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['Experimental', 'Produces', 'Takes card payments for the web shop.']);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Created project payments-api');
    expect(await page.getByRole('heading', { name: 'No projects yet' }).count()).toBe(0);
    await shot('projects');
  });

  it('shows the problem when the name is taken', async () => {
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Name', { exact: true }).fill('payments-api');
    await page.getByRole('button', { name: 'Create project' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('a project named "payments-api" exists already');
    expect(text).toContain('Pick another name');
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await shot('duplicate');
  });

  it('keeps the session across a reload', async () => {
    await page.reload();
    await page.getByRole('row', { name: /payments-api/ }).waitFor();
    expect(await page.getByRole('rowheader').allInnerTexts()).toEqual(['payments-api']);
  });

  it('signs out to the sign-in form', async () => {
    const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/logout'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await loggedOut).status(), apiFailures.join('\n')).toBe(204);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').waitFor();
    await shot('signin');

    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('signs back in with the admin account', async () => {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('row', { name: /payments-api/ }).waitFor();
  });

  it("shows a project's scan history, its inventory with filters, and the changes between scans", async () => {
    const pkg = (name: string, version: string, scope: 'prod' | 'dev') => ({
      ecosystem: 'npm' as const,
      name,
      version,
      purl: purlFor('npm', name, version),
      scope,
      direct: scope === 'prod',
      licenses: ['MIT'],
      locations: [{ path: 'package-lock.json' }],
    });
    const scanOf = (packages: ReturnType<typeof pkg>[]) => ({
      report: {
        packages,
        dependencies: [],
        files: [
          { path: 'package-lock.json', format: 'npm-package-lock', packages: packages.length, warnings: [] },
        ],
        errors: [{ path: 'old/yarn.lock', code: 'ERR_OSPO_PARSE', message: 'not valid YAML', line: 3 }],
      },
      source: 'path' as const,
      vcs: { commit: 'c0ffee'.padEnd(40, '0'), branch: 'main' },
      toolVersion: 'test',
    });
    const local = { kind: 'local', name: 'test' } as const;
    await saveScan(
      store,
      local,
      'payments-api',
      scanOf([pkg('express', '4.18.2', 'prod'), pkg('jest', '29.0.0', 'dev')]),
    );
    await saveScan(
      store,
      local,
      'payments-api',
      scanOf([
        pkg('express', '4.19.2', 'prod'),
        pkg('jest', '29.0.0', 'dev'),
        pkg('left-pad', '1.3.0', 'prod'),
      ]),
    );

    await page.getByRole('link', { name: 'payments-api' }).click();
    await page.getByRole('heading', { name: 'payments-api', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects/payments-api');
    await page.getByRole('heading', { name: 'Scan history' }).waitFor();
    expect(await page.locator('section[aria-labelledby="scan-history"] tbody tr').count()).toBe(2);

    const packages = page.getByRole('table', { name: 'Packages' });
    await expect
      .poll(() => packages.getByRole('rowheader').allInnerTexts())
      .toEqual(['express', 'jest', 'left-pad']);
    await page.getByLabel('Search packages').fill('PAD');
    await expect.poll(() => packages.getByRole('rowheader').allInnerTexts()).toEqual(['left-pad']);
    await page.getByLabel('Search packages').fill('');
    await page.getByLabel('Scope').selectOption('dev');
    await expect.poll(() => packages.getByRole('rowheader').allInnerTexts()).toEqual(['jest']);
    await page.getByLabel('Scope').selectOption('');

    const changes = page.getByRole('region', { name: /Changes since/ });
    await expect.poll(() => changes.textContent()).toContain('1 added, 0 removed, 1 changed version');
    expect(await changes.textContent()).toContain('express 4.18.2 → 4.19.2');
    expect(await page.getByRole('region', { name: /could not be read/ }).textContent()).toContain(
      'old/yarn.lock:3',
    );
    await shot('inventory');

    await page.getByRole('button', { name: /^Show/ }).click();
    await expect.poll(() => packages.getByRole('rowheader').allInnerTexts()).toEqual(['express', 'jest']);
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  });

  it('logged no script errors or policy violations, and no API failures but the expected ones', () => {
    expect(pageErrors).toEqual([]);
    expect(apiFailures.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'POST /api/v1/projects 409',
      'GET /api/v1/auth/session 401',
    ]);
  });
});
