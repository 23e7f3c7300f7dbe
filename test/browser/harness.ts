import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { type OpenStore, openStore } from '../../src/store/index.js';

/**
 * A real server on a fresh PGlite data dir serving the built web app, and headless Debian Chromium
 * looking at it, recording script errors and failed API answers. (dashboard.test.ts has its own copy.)
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = path.join(repoRoot, 'dist', 'web');
export const shots = path.join(repoRoot, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  server: RunningServer;
  store: OpenStore;
  page: Page;
  /** Console errors (CSP violations included) and uncaught exceptions. */
  pageErrors: string[];
  /** Every API answer of 400 or more the page got, with its body, so a failure says what the server said. */
  apiFailures: string[];
  /** An API call with the browser's cookies and the given CSRF token; throws on a failure. */
  call: (csrf: string, method: string, url: string, body?: unknown) => Promise<unknown>;
  close: () => Promise<void>;
}

export async function startHarness(name: string): Promise<Harness> {
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`${webRoot}/index.html is missing: run \`npm run build:web\` first.`);
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH.`);
  }
  fs.mkdirSync(shots, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ospokit-browser-${name}-`));
  const store = await openStore({ kind: 'pglite', dataDir });
  const server = await startServer({
    store,
    host: '127.0.0.1',
    port: 0,
    version: 'test',
    webRoot: `${webRoot}/`,
  });
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  } catch (error) {
    await close();
    throw error;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const apiFailures: string[] = [];
  page.on('console', (message) => {
    // the browser logs every failed fetch; those are checked through apiFailures instead
    const failedFetch = message.text().startsWith('Failed to load resource: the server responded with');
    if (message.type() === 'error' && !failedFetch) pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', async (response) => {
    if (!response.url().includes('/api/') || response.status() < 400) return;
    const body = await response.text().catch(() => '(no body)');
    apiFailures.push(
      `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()} ${body}`,
    );
  });
  const call = async (csrf: string, method: string, url: string, body?: unknown) => {
    const response = await context.request.fetch(`${server.url}${url}`, {
      method,
      headers: { 'x-csrf-token': csrf },
      ...(body === undefined ? {} : { data: body }),
    });
    if (!response.ok()) throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
    return response.json();
  };
  return { server, store, page, pageErrors, apiFailures, call, close };
}

/**
 * Headless Debian chromium as root, with nothing reaching out: this machine's network is closed, and
 * background connections would fail many at a time.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
