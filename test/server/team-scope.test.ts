import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { createApp } from '../../src/server/app.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

/** Teams own projects: members see their teams' projects and unowned ones; security sees all. */

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;

const pkg = (name: string): InventoryPackage => ({
  ecosystem: 'npm',
  name,
  version: '1.0.0',
  purl: purlFor('npm', name, '1.0.0'),
  scope: 'prod',
  direct: true,
  licenses: ['MIT'],
  locations: [{ path: 'package-lock.json' }],
});

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
  for (const role of ['member', 'security', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  const red = await createTeam(store, local, { name: 'red' });
  const blue = await createTeam(store, local, { name: 'blue' });
  await addTeamMember(store, local, 'red', { user: 'member@example.com' });
  await addTeamMember(store, local, 'red', { user: 'viewer@example.com' });
  await createProject(store, local, { name: 'red-app', ownerTeamId: red.id });
  await createProject(store, local, { name: 'blue-app', ownerTeamId: blue.id });
  await createProject(store, local, { name: 'shared-lib' });
  for (const project of ['red-app', 'blue-app', 'shared-lib']) {
    await saveScan(store, local, project, {
      report: { packages: [pkg('left-pad')], dependencies: [], files: [], errors: [] },
      source: 'path',
      vcs: { commit: null, branch: null },
      toolVersion: 't',
    });
  }
});
afterAll(() => dispose());

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

const names = async (res: Response) =>
  ((await res.json()) as { items: { name?: string; projectName?: string }[] }).items.map(
    (i) => i.name ?? i.projectName,
  );

describe('team-scoped projects', () => {
  it("lists a member's teams' projects and unowned ones; security sees all", async () => {
    const member = await as('member');
    expect(await names(await member.call('GET', '/api/v1/projects'))).toEqual(['red-app', 'shared-lib']);
    const security = await as('security');
    expect(await names(await security.call('GET', '/api/v1/projects'))).toEqual([
      'blue-app',
      'red-app',
      'shared-lib',
    ]);
  });

  it("refuses a member another team's project, its scans and its findings", async () => {
    for (const role of ['member', 'viewer']) {
      const client = await as(role);
      for (const path of [
        '/api/v1/projects/blue-app',
        '/api/v1/projects/blue-app/scans',
        '/api/v1/projects/blue-app/findings',
      ]) {
        const res = await client.call('GET', path);
        expect(res.status, `${role} ${path}`).toBe(403);
        expect(((await res.json()) as { code: string }).code).toBe('ERR_OSPO_PROJECT_FORBIDDEN');
      }
      expect((await client.call('GET', '/api/v1/projects/red-app')).status).toBe(200);
    }
    const member = await as('member');
    const upload = await member.call('POST', '/api/v1/projects/blue-app/scans', { sbom: '{}' });
    expect(upload.status).toBe(403);
    expect((await (await as('security')).call('GET', '/api/v1/projects/blue-app')).status).toBe(200);
  });

  it('keeps other teams out of blast-radius answers', async () => {
    const member = await as('member');
    const where = (await (await member.call('GET', '/api/v1/where?package=left-pad')).json()) as {
      rows: { projectName: string }[];
    };
    expect(where.rows.map((r) => r.projectName)).toEqual(['red-app', 'shared-lib']);
    const security = await as('security');
    const all = (await (await security.call('GET', '/api/v1/where?package=left-pad')).json()) as {
      rows: { projectName: string }[];
    };
    expect(all.rows.map((r) => r.projectName)).toEqual(['blue-app', 'red-app', 'shared-lib']);
  });
});
