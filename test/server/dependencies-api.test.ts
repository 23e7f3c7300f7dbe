import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependencyEdge, InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { createApp } from '../../src/server/app.js';
import { saveScan } from '../../src/services/inventory/scans.js';
import { createProject } from '../../src/services/projects.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

/**
 * The dependency tree of a saved scan:
 *
 *   (project) -> a, b          a and b are direct; orphan is neither direct nor depended on
 *   a -> c1, c2, c3, shared    b -> mid -> shared
 *   shared -> loop1 -> loop2 -> shared (a cycle); loop2 -> deep; deep -> deep (a self-edge)
 */

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
const vcs = { commit: null, branch: null };
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let scanId: string;
let unflaggedScanId: string;

const purl = (name: string) => purlFor('npm', name, '1.0.0');
const pkg = (name: string, direct: boolean | null, licenses: string[] = ['MIT']): InventoryPackage => ({
  ecosystem: 'npm',
  name,
  version: '1.0.0',
  purl: purl(name),
  scope: name === 'c3' ? 'dev' : 'prod',
  direct,
  licenses,
  locations: [{ path: 'package-lock.json' }],
});
const edge = (from: string, to: string): DependencyEdge => ({ from: purl(from), to: purl(to) });

const names = ['a', 'b', 'c1', 'c2', 'c3', 'shared', 'mid', 'loop1', 'loop2', 'deep', 'orphan'];
const edges = [
  { from: 'pkg:npm/graph-app@1.0.0', to: purl('a') },
  { from: 'pkg:npm/graph-app@1.0.0', to: purl('b') },
  edge('a', 'c1'),
  edge('a', 'c2'),
  edge('a', 'c3'),
  edge('a', 'shared'),
  edge('b', 'mid'),
  edge('mid', 'shared'),
  edge('shared', 'loop1'),
  edge('loop1', 'loop2'),
  edge('loop2', 'shared'),
  edge('loop2', 'deep'),
  edge('deep', 'deep'),
];

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
  for (const [email, role] of [
    ['red@example.com', 'member'],
    ['blue@example.com', 'member'],
    ['viewer@example.com', 'viewer'],
  ] as const) {
    await createUser(store, local, { email, name: email, role, password: PASSWORD });
  }
  const red = await createTeam(store, local, { name: 'red' });
  await createTeam(store, local, { name: 'blue' });
  await addTeamMember(store, local, 'red', { user: 'red@example.com' });
  await addTeamMember(store, local, 'red', { user: 'viewer@example.com' });
  await addTeamMember(store, local, 'blue', { user: 'blue@example.com' });
  await createProject(store, local, { name: 'graph-app', ownerTeamId: red.id });
  const packages = names.map((n) => pkg(n, n === 'a' || n === 'b', n === 'deep' ? [] : ['MIT']));
  const save = (report: { packages: InventoryPackage[]; dependencies: DependencyEdge[] }) =>
    saveScan(store, local, 'graph-app', {
      report: { ...report, files: [], errors: [] },
      source: 'sbom',
      vcs,
      toolVersion: 't',
    });
  // a format without direct flags: the roots are what nothing depends on
  unflaggedScanId = (
    await save({
      packages: ['x', 'y', 'z'].map((n) => pkg(n, null)),
      dependencies: [edge('x', 'y'), edge('y', 'z'), edge('z', 'y')],
    })
  ).id;
  scanId = (await save({ packages, dependencies: edges })).id;
});
afterAll(() => dispose());

async function as(email: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(email, PASSWORD)).status).toBe(200);
  return client;
}

interface NodeBody {
  purl: string;
  name: string;
  direct: boolean | null;
  scope: string;
  licenses: string[];
  children: number;
}
interface PageBody {
  items: NodeBody[];
  next: string | null;
}

async function level(client: Client, url: string): Promise<PageBody> {
  const res = await client.call('GET', url);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PageBody;
}

describe('GET /api/v1/scans/{id}/dependencies', () => {
  it('lists the roots: direct packages and what nothing depends on, each with its child count', async () => {
    const viewer = await as('viewer@example.com');
    const roots = await level(viewer, `/api/v1/scans/${scanId}/dependencies`);
    expect(roots.items.map((n) => [n.name, n.direct, n.children])).toEqual([
      ['a', true, 4],
      ['b', true, 1],
      ['orphan', false, 0],
    ]);
    expect(roots.next).toBeNull();
    expect(roots.items[0]).toMatchObject({
      purl: purl('a'),
      ecosystem: 'npm',
      version: '1.0.0',
      scope: 'prod',
      licenses: ['MIT'],
    });
    const unflagged = await level(viewer, `/api/v1/scans/${unflaggedScanId}/dependencies`);
    expect(unflagged.items.map((n) => n.name)).toEqual(['x']);
  });

  it("lists a package's children by purl, a page at a time", async () => {
    const red = await as('red@example.com');
    const of = encodeURIComponent(purl('a'));
    const first = await level(red, `/api/v1/scans/${scanId}/dependencies?of=${of}&limit=2`);
    expect(first.items.map((n) => n.name)).toEqual(['c1', 'c2']);
    expect(first.next).not.toBeNull();
    const second = await level(
      red,
      `/api/v1/scans/${scanId}/dependencies?of=${of}&limit=2&cursor=${first.next}`,
    );
    expect(second.items.map((n) => [n.name, n.scope, n.children])).toEqual([
      ['c3', 'dev', 0],
      ['shared', 'prod', 1],
    ]);
    expect(second.next).toBeNull();
    // the self-edge is a child like any other; a leaf has none
    const deep = await level(
      red,
      `/api/v1/scans/${scanId}/dependencies?of=${encodeURIComponent(purl('deep'))}`,
    );
    expect(deep.items.map((n) => [n.name, n.licenses, n.children])).toEqual([['deep', [], 1]]);
    const leaf = await level(
      red,
      `/api/v1/scans/${scanId}/dependencies?of=${encodeURIComponent(purl('c1'))}`,
    );
    expect(leaf).toEqual({ items: [], next: null });
  });

  it('answers 404 with a stable code for a package not in the scan', async () => {
    const red = await as('red@example.com');
    for (const url of [
      `/api/v1/scans/${scanId}/dependencies?of=${encodeURIComponent('pkg:npm/graph-app@1.0.0')}`,
      `/api/v1/scans/${scanId}/paths?to=${encodeURIComponent(purl('nowhere'))}`,
      `/api/v1/scans/${unflaggedScanId}/dependencies?of=${encodeURIComponent(purl('a'))}`,
    ]) {
      const res = await red.call('GET', url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('ERR_OSPO_PACKAGE_NOT_IN_SCAN');
    }
    const noScan = await red.call('GET', '/api/v1/scans/00000000-0000-4000-8000-000000000000/dependencies');
    expect(noScan.status).toBe(404);
    expect(((await noScan.json()) as { code: string }).code).toBe('ERR_OSPO_NOT_FOUND');
  });

  it("refuses a member of another team the project's tree and paths", async () => {
    const blue = await as('blue@example.com');
    for (const url of [
      `/api/v1/scans/${scanId}/dependencies`,
      `/api/v1/scans/${scanId}/paths?to=${encodeURIComponent(purl('deep'))}`,
    ]) {
      const res = await blue.call('GET', url);
      expect(res.status, url).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('ERR_OSPO_PROJECT_FORBIDDEN');
    }
    expect((await app.request(`/api/v1/scans/${scanId}/dependencies`)).status).toBe(401);
  });
});

describe('GET /api/v1/scans/{id}/paths', () => {
  const paths = async (to: string, limit?: number) => {
    const red = await as('red@example.com');
    const suffix = limit === undefined ? '' : `&limit=${limit}`;
    const res = await red.call(
      'GET',
      `/api/v1/scans/${scanId}/paths?to=${encodeURIComponent(purl(to))}${suffix}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { to: string; roots: number; paths: string[][] };
    return { ...body, names: body.paths.map((p) => p.map((u) => u.replace(/^pkg:npm\/|@1\.0\.0$/g, ''))) };
  };

  it('finds the shortest paths from every root that reaches a package, shortest first', async () => {
    const shared = await paths('shared');
    expect(shared.to).toBe(purl('shared'));
    expect(shared.roots).toBe(2);
    expect(shared.names).toEqual([
      ['a', 'shared'],
      ['b', 'mid', 'shared'],
    ]);
  });

  it('walks through a cycle without looping, and stops at the limit', async () => {
    const deep = await paths('deep');
    expect(deep.roots).toBe(2);
    expect(deep.names).toEqual([
      ['a', 'shared', 'loop1', 'loop2', 'deep'],
      ['b', 'mid', 'shared', 'loop1', 'loop2', 'deep'],
    ]);
    expect((await paths('deep', 1)).names).toEqual([['a', 'shared', 'loop1', 'loop2', 'deep']]);
    // loop1's parent shared has a parent on the cycle (loop2): that way is no path from a root
    expect((await paths('loop1')).names).toEqual([
      ['a', 'shared', 'loop1'],
      ['b', 'mid', 'shared', 'loop1'],
    ]);
  });

  it('gives a root as its own path', async () => {
    expect(await paths('a')).toMatchObject({ roots: 1, names: [['a']] });
    expect(await paths('orphan')).toMatchObject({ roots: 1, names: [['orphan']] });
  });

  it('refuses a limit out of range', async () => {
    const red = await as('red@example.com');
    const res = await red.call(
      'GET',
      `/api/v1/scans/${scanId}/paths?to=${encodeURIComponent(purl('a'))}&limit=0`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_OSPO_VALIDATION');
  });
});
