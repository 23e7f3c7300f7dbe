import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependencyEdge, InventoryPackage, Scope } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { type Harness, shots, startHarness } from './harness.js';

/**
 * The project page's dependency tree, by keyboard, and the path to a deep package. The graph:
 *
 *   express -> body-parser -> raw-body -> iconv-lite -> safer-buffer;  express -> debug -> ms -> debug
 *   eslint (dev) -> iconv-lite;  big -> 55 small packages;  react
 */

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const local = { kind: 'local', name: 'seed' } as const;

const versions: Record<string, string> = {
  express: '4.21.2',
  'body-parser': '1.20.3',
  'raw-body': '2.5.2',
  'iconv-lite': '0.4.24',
  'safer-buffer': '2.1.2',
  debug: '2.6.9',
  ms: '2.0.0',
  eslint: '9.17.0',
  react: '19.0.0',
  big: '1.0.0',
};
const small = Array.from({ length: 55 }, (_, i) => `small-${String(i).padStart(2, '0')}`);
const purl = (name: string) => purlFor('npm', name, versions[name] ?? '1.0.0');
const pkg = (name: string, direct: boolean, scope: Scope = 'prod'): InventoryPackage => ({
  ecosystem: 'npm',
  name,
  version: versions[name] ?? '1.0.0',
  purl: purl(name),
  scope,
  direct,
  licenses: name === 'safer-buffer' ? [] : ['MIT'],
  locations: [{ path: 'package-lock.json' }],
});
const edge = (from: string, to: string): DependencyEdge => ({ from: purl(from), to: purl(to) });

let harness: Harness;
let page: Page;

/** The panel only: the project page above it is long with 65 packages. */
const shot = async (name: string) => {
  await page.mouse.move(0, 0);
  const panel = page.getByRole('region', { name: 'Dependency tree' });
  await panel.screenshot({ path: path.join(shots, `dependencies-${name}.png`) });
};

beforeAll(async () => {
  harness = await startHarness('dependencies');
  page = harness.page;
  const setup = await page.context().request.post(`${harness.server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  await createProject(harness.store, local, { name: 'web-shop' });
  const direct = new Set(['express', 'eslint', 'react', 'big']);
  const names = [...Object.keys(versions), ...small];
  const packages = names.map((n) => pkg(n, direct.has(n), n === 'eslint' ? 'dev' : 'prod'));
  const dependencies = [
    ...[...direct].map((n) => ({ from: 'pkg:npm/web-shop@1.0.0', to: purl(n) })),
    edge('express', 'body-parser'),
    edge('express', 'debug'),
    edge('body-parser', 'raw-body'),
    edge('raw-body', 'iconv-lite'),
    edge('iconv-lite', 'safer-buffer'),
    edge('debug', 'ms'),
    edge('ms', 'debug'),
    edge('eslint', 'iconv-lite'),
    ...small.map((n) => edge('big', n)),
  ];
  const files = [
    { path: 'package-lock.json', format: 'npm-package-lock', packages: names.length, warnings: [] },
  ];
  await saveScan(harness.store, local, 'web-shop', {
    report: { packages, dependencies, files, errors: [] },
    source: 'path',
    vcs: { commit: null, branch: null },
    toolVersion: 'test',
  });
});

afterAll(async () => {
  await harness?.close();
});

const tree = () => page.getByRole('tree', { name: /^Dependencies of the scan of/ });
/** The name of the package (or the "Load more" line) that has the keyboard focus. */
const focusedLine = async () => {
  const focused = page.locator('[role="treeitem"]:focus');
  if ((await focused.count()) !== 1) return 'no treeitem has the focus';
  const label = await focused.getAttribute('aria-labelledby');
  const text = label ? page.locator(`[id="${label}"]`) : focused.locator('.dep-load-more');
  return (await text.textContent()) ?? '';
};
const press = async (...keys: string[]) => {
  for (const key of keys) await page.keyboard.press(key);
};
const item = (name: string) => tree().getByRole('treeitem', { name, exact: true });

describe('dependency tree', () => {
  it('expands and moves through the tree by keyboard, loading a level at a time', async () => {
    await page.goto(`${harness.server.url}/projects/web-shop`);
    await page.getByRole('heading', { name: 'Dependency tree' }).waitFor();
    await tree().waitFor();
    // the direct packages, by purl
    const top = tree().locator('[role="treeitem"][aria-level="1"]');
    await expect.poll(() => top.count()).toBe(4);
    expect(await top.evaluateAll((els) => els.map((e) => e.querySelector('.dep-name')?.textContent))).toEqual(
      ['big', 'eslint', 'express', 'react'],
    );
    // one tab stop: the first line
    expect(await tree().locator('[tabindex="0"]').count()).toBe(1);
    await top.first().focus();
    expect(await focusedLine()).toBe('big 1.0.0');

    await press('ArrowDown', 'ArrowDown');
    expect(await focusedLine()).toBe('express 4.21.2');
    const express = item('express 4.21.2');
    expect(await express.getAttribute('aria-expanded')).toBe('false');
    expect(await express.textContent()).toContain('2 dependencies');
    await press('ArrowRight');
    await expect.poll(() => express.getAttribute('aria-expanded')).toBe('true');
    await item('body-parser 1.20.3').waitFor();
    await press('ArrowRight');
    expect(await focusedLine()).toBe('body-parser 1.20.3');
    expect(await item('body-parser 1.20.3').getAttribute('aria-level')).toBe('2');
    // down the chain to the deepest package
    for (const next of ['raw-body 2.5.2', 'iconv-lite 0.4.24', 'safer-buffer 2.1.2']) {
      await press('ArrowRight');
      await item(next).waitFor();
      await press('ArrowRight');
      expect(await focusedLine()).toBe(next);
    }
    const safer = item('safer-buffer 2.1.2');
    expect(await safer.getAttribute('aria-expanded')).toBeNull();
    expect(await safer.getAttribute('aria-level')).toBe('5');
    expect(await safer.textContent()).toContain('no license declared');
    // Left goes up to the parent, then collapses it
    await press('ArrowLeft');
    expect(await focusedLine()).toBe('iconv-lite 0.4.24');
    await press('ArrowLeft');
    expect(await item('iconv-lite 0.4.24').getAttribute('aria-expanded')).toBe('false');
    expect(await safer.count()).toBe(0);
    // up to raw-body, collapse it, up to body-parser, collapse it, up to express, collapse it
    await press('ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft');
    expect(await focusedLine()).toBe('express 4.21.2');
    expect(await express.getAttribute('aria-expanded')).toBe('false');

    // a cycle is shown once, not expanded again
    await press('ArrowRight', 'ArrowDown', 'ArrowDown');
    expect(await focusedLine()).toBe('debug 2.6.9');
    await press('ArrowRight');
    await item('ms 2.0.0').waitFor();
    await press('ArrowRight', 'ArrowRight');
    await expect.poll(() => tree().getByRole('treeitem', { name: 'debug 2.6.9' }).count()).toBe(2);
    await press('ArrowDown');
    const again = tree().locator('[role="treeitem"][aria-level="4"]');
    expect(await focusedLine()).toBe('debug 2.6.9');
    expect(await again.getAttribute('aria-expanded')).toBeNull();
    expect(await again.textContent()).toContain('cycle: already above on this branch');

    await press('End');
    expect(await focusedLine()).toBe('react 19.0.0');
    await press('Home');
    expect(await focusedLine()).toBe('big 1.0.0');
    await shot('tree');
  });

  it('loads more children than a page with a "Load more" line', async () => {
    await press('ArrowRight');
    const big = item('big 1.0.0');
    await expect.poll(() => big.getByRole('group').getByRole('treeitem').count()).toBe(51);
    const more = big.getByRole('treeitem', { name: /^Load more/ });
    expect(await more.textContent()).toContain('(50 of 55 shown under big)');
    await press('ArrowRight', 'End');
    // End goes to the last line shown: react
    expect(await focusedLine()).toBe('react 19.0.0');
    // up past express's open branch (debug, ms, debug, body-parser), express and eslint
    await press(...Array(7).fill('ArrowUp'));
    expect(await focusedLine()).toBe('Load more (50 of 55 shown under big)');
    await press('Enter');
    await expect.poll(() => focusedLine()).toBe('small-50 1.0.0');
    expect(await big.getByRole('group').getByRole('treeitem').count()).toBe(55);
    expect(await item('small-54 1.0.0').getAttribute('aria-setsize')).toBe('55');
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures).toEqual([]);
  });
});

describe('path to a package', () => {
  it('finds the shortest paths down to a deep package, from both roots that bring it in', async () => {
    const finder = page.getByRole('region', { name: 'Path to a package' });
    await finder.getByRole('searchbox', { name: 'Package to trace (name contains)' }).fill('safer');
    const choice = finder.getByRole('button', { name: /^safer-buffer 2\.1\.2/ });
    await choice.click();
    await expect.poll(() => choice.getAttribute('aria-pressed')).toBe('true');
    const status = finder.getByRole('status').filter({ hasText: 'is reached from' });
    await status.waitFor();
    expect(await status.textContent()).toBe(
      'safer-buffer 2.1.2 is reached from 2 packages at the top. The 2 shortest paths:',
    );
    const first = finder.getByRole('navigation', { name: 'Path 1 to safer-buffer 2.1.2' });
    expect(await first.getByRole('listitem').allInnerTexts()).toEqual([
      'eslint 9.17.0',
      'iconv-lite 0.4.24',
      'safer-buffer 2.1.2',
    ]);
    const second = finder.getByRole('navigation', { name: 'Path 2 to safer-buffer 2.1.2' });
    expect(await second.getByRole('listitem').allInnerTexts()).toEqual([
      'express 4.21.2',
      'body-parser 1.20.3',
      'raw-body 2.5.2',
      'iconv-lite 0.4.24',
      'safer-buffer 2.1.2',
    ]);
    // the target is marked as the current place, not only by colour; the others link to their pages
    expect(await second.locator('[aria-current="location"]').innerText()).toBe('safer-buffer 2.1.2');
    expect(await second.getByRole('link', { name: 'raw-body 2.5.2' }).getAttribute('href')).toBe(
      `/packages/${encodeURIComponent('pkg:npm/raw-body')}`,
    );
    await shot('path');

    // a package at the top is its own path
    await finder.getByRole('searchbox', { name: 'Package to trace (name contains)' }).fill('react');
    await finder.getByRole('button', { name: /^react 19\.0\.0/ }).click();
    await expect
      .poll(() => finder.getByRole('status').last().textContent())
      .toContain('react 19.0.0 is at the top of the tree');
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures).toEqual([]);
  });
});
