import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, shots, startHarness } from './harness.js';

/** A member of one team sees that team's projects, and is told plainly when a project is another team's. */

const admin = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const member = {
  name: 'Max Member',
  email: 'max@example.org',
  password: 'horse battery staple',
  role: 'member',
};

let harness: Harness;
let page: Page;

const shot = async (name: string) => {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(shots, `team-refusal-${name}.png`), fullPage: true });
};
const main = () => page.getByRole('main');

beforeAll(async () => {
  harness = await startHarness('team-refusal');
  page = harness.page;
  const { server, call } = harness;
  const setup = await page.context().request.post(`${server.url}/api/v1/setup`, { data: admin });
  expect(setup.status(), await setup.text()).toBe(201);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const teamA = (await call(csrfToken, 'POST', '/api/v1/teams', { name: 'team-a' })) as { id: string };
  const teamB = (await call(csrfToken, 'POST', '/api/v1/teams', { name: 'team-b' })) as { id: string };
  await call(csrfToken, 'POST', '/api/v1/users', member);
  await call(csrfToken, 'POST', '/api/v1/teams/team-a/members', { user: member.email });
  await call(csrfToken, 'POST', '/api/v1/projects', { name: 'alpha-app', ownerTeamId: teamA.id });
  await call(csrfToken, 'POST', '/api/v1/projects', { name: 'beta-app', ownerTeamId: teamB.id });
  // the browser signs in as the member, not as the admin who set things up
  await page.context().clearCookies();
});

afterAll(async () => {
  await harness?.close();
});

describe('a member and another team’s project', () => {
  it("lists the member's team's project in the catalogue, and not the other team's", async () => {
    await page.goto(`${harness.server.url}/projects`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill(member.password);
    await page.getByLabel('Password').press('Enter');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain(member.name);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Projects' });
    await table.waitFor();
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual(['alpha-app']);
    expect(await page.getByRole('link', { name: 'beta-app' }).count()).toBe(0);
    await shot('catalogue');
  });

  it("says plainly that a project opened by its address is another team's", async () => {
    await page.goto(`${harness.server.url}/projects/beta-app`);
    await page.getByRole('heading', { name: 'beta-app', level: 1 }).waitFor();
    const refusal = main().getByRole('region', { name: "Not your team's project" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('beta-app belongs to a team you are not a member of');
    expect(await main().getByRole('alert').count()).toBe(0); // no raw error box
    await shot('other-team-project');
    await refusal.getByRole('link', { name: "Your teams' projects" }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  });

  it("opens the member's own team's project", async () => {
    await page.getByRole('link', { name: 'alpha-app' }).click();
    await page.getByRole('heading', { name: 'alpha-app', level: 1 }).waitFor();
    expect(await main().getByRole('region', { name: "Not your team's project" }).count()).toBe(0);
  });

  it('met no script error, and only the refusal it asked for', () => {
    expect(harness.pageErrors).toEqual([]);
    expect(harness.apiFailures.map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'GET /api/v1/auth/session 401',
      'GET /api/v1/projects/beta-app 403',
    ]);
  });
});
