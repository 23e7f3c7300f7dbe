import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryPackage } from '../../src/core/inventory.js';
import { purlFor } from '../../src/core/purl.js';
import { createApp } from '../../src/server/app.js';
import { createWaiver, revokeWaiver } from '../../src/services/compliance/records.js';
import { encodeCursor } from '../../src/services/cursor.js';
import { createProject } from '../../src/services/projects.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { backends } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;

type Item = Record<string, unknown> & { id?: string };
type Page = { items: Item[]; next: string | null };
type Problem = { code: string; detail: string; hint?: string };

/** Compare strings by code unit, as PostgreSQL's C collation compares these ASCII test values. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An ascending comparator over keys, the last of them the tie-break; `desc` reverses all of them. */
function by<T>(keys: ((item: T) => string | number)[], desc = false) {
  return (a: T, b: T) => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : cmp(String(x), String(y));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
}

function pkg(ecosystem: InventoryPackage['ecosystem'], name: string, version: string): InventoryPackage {
  return {
    ecosystem,
    name,
    version,
    purl: purlFor(ecosystem, name, version),
    scope: 'prod',
    direct: true,
    licenses: [],
    locations: [{ path: 'lock' }],
  };
}

function newScan(projectId: string, packages: InventoryPackage[] = []) {
  return {
    projectId,
    createdBy: 'local:test',
    source: 'sbom' as const,
    vcsCommit: null,
    vcsBranch: null,
    toolVersion: 'test',
    files: [],
    errors: [],
    packages,
    edges: [],
  };
}

describe.each(backends)('sorted lists on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let admin: Client;
  let projectId: string;
  let scanId: string;
  let teamId: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    const app = createApp({ store, version: 'test', storeKind: backend.name, webRoot: null });
    await createUser(store, local, {
      email: 'admin@example.com',
      name: 'Zed',
      role: 'admin',
      password: PASSWORD,
    });
    for (const [email, name] of [
      ['Bea@example.com', 'bob'],
      ['carl@example.com', 'Bob'],
      ['dee@example.com', 'BOB'],
      ['eve@example.com', 'ann'],
    ]) {
      await createUser(store, local, { email, name, role: 'member', password: PASSWORD });
    }
    // created in one transaction: the same created_at, so the id breaks the tie
    await store.transaction(async (repos) => {
      for (const email of ['tie1@example.com', 'tie2@example.com', 'tie3@example.com']) {
        await repos.users.insert({ email, name: 'tie', role: 'viewer', passwordHash: null });
      }
    });

    for (const name of ['delta', 'Alpha', 'charlie']) await createProject(store, local, { name });
    await store.transaction(async (repos) => {
      for (const name of ['echo', 'bravo', 'foxtrot', 'golf']) {
        await repos.projects.insert({
          name,
          description: null,
          ownerTeamId: null,
          lifecycle: 'production',
          relation: 'uses',
          distribution: null,
        });
      }
    });
    const projects = await store.repos.projects.list({ limit: 100 });
    const id = (name: string) => projects.find((p) => p.name === name)?.id as string;
    projectId = id('delta');
    // delta scanned four times, two of them in one transaction (a tie on created_at);
    // echo and Alpha scanned in one transaction (a tie on their newest scan); bravo, foxtrot, golf never
    await store.repos.scans.insert(newScan(id('charlie')));
    await store.repos.scans.insert(newScan(projectId));
    await store.transaction(async (repos) => {
      await repos.scans.insert(newScan(projectId));
      await repos.scans.insert(newScan(projectId));
    });
    await store.transaction(async (repos) => {
      await repos.scans.insert(newScan(id('echo')));
      await repos.scans.insert(newScan(id('Alpha')));
    });
    const scan = await store.repos.scans.insert(
      newScan(projectId, [
        pkg('npm', 'left-pad', '1.3.0'),
        pkg('npm', 'left-pad', '1.1.0'),
        pkg('npm', 'Zebra', '1.0.0'),
        pkg('npm', 'alpha', '2.0.0'),
        pkg('PyPI', 'requests', '2.31.0'),
        pkg('PyPI', 'alpha', '1.0.0'),
        pkg('Go', 'github.com/Azure/azure-sdk', '1.0.0'),
        pkg('Go', 'golang.org/x/text', '0.14.0'),
        pkg('crates.io', 'serde', '1.0.0'),
      ]),
    );
    scanId = scan.id;

    for (const name of ['web', 'Api', 'data']) await createTeam(store, local, { name });
    await store.transaction(async (repos) => {
      for (const name of ['ops', 'infra']) await repos.teams.insert({ name, title: null });
    });
    teamId = (await store.repos.teams.getByName('web'))?.id as string;
    for (const user of ['Bea@example.com', 'carl@example.com', 'dee@example.com', 'eve@example.com']) {
      await addTeamMember(store, local, 'web', { user });
    }

    admin = new Client(app);
    expect((await admin.login('admin@example.com', PASSWORD)).status).toBe(200);
    for (const name of ['deploy', 'CI', 'backup']) {
      const res = await admin.call('POST', '/api/v1/tokens', { name, scopes: ['read'] });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const adminId = (await store.repos.users.getByEmailWithSecret('admin@example.com'))?.id as string;
    await store.transaction(async (repos) => {
      for (const [i, name] of ['ci', 'ci', 'nightly'].entries()) {
        await repos.tokens.insert({
          name,
          userId: adminId,
          teamId: null,
          prefix: 'ospo_tie',
          secretHash: createHash('sha256').update(`tie-${i}`).digest('hex'),
          scopes: ['read'],
          expiresAt: null,
          createdBy: 'local:test',
        });
      }
    });

    for (const [pkgName, expires] of [
      ['a', '2999-03-01'],
      ['b', '2999-01-01'],
      ['c', '2999-03-01'],
      ['d', '2999-02-01'],
      ['e', '2999-01-01'],
    ]) {
      await createWaiver(store, local, { package: pkgName, reason: 'test', approver: 'legal', expires });
    }
    await revokeWaiver(store, local, 'W-4');
  });
  afterAll(() => dispose());

  async function get(path: string): Promise<Page> {
    const res = await admin.call('GET', path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as Page;
  }

  async function problem(path: string): Promise<{ status: number; body: Problem }> {
    const res = await admin.call('GET', path);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return { status: res.status, body: (await res.json()) as Problem };
  }

  const join = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  /** Every item, a page of `limit` at a time, checking that no page is longer and none repeats an item. */
  async function walk(path: string, sort: string | null, limit = 2): Promise<Item[]> {
    const sorted = sort === null ? path : join(path, `sort=${encodeURIComponent(sort)}`);
    const out: Item[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await get(join(sorted, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
      expect(page.items.length).toBeLessThanOrEqual(limit);
      out.push(...page.items);
      if (page.next === null) return out;
      expect(page.items).toHaveLength(limit);
      cursor = page.next;
    }
    throw new Error(`${path}: more than 100 pages`);
  }

  /**
   * Each sort, paged two at a time, gives the same items in the same order as one big page, that order
   * is the comparator's, and the list is what `expected` holds (ties included, nothing skipped).
   */
  async function checkSorts<T extends Item>(
    path: string,
    idOf: (item: T) => string,
    expected: string[],
    sorts: Record<string, (a: T, b: T) => number>,
    defaultSort: string,
  ) {
    for (const [sort, compare] of Object.entries(sorts)) {
      const whole = (await get(join(path, `limit=500&sort=${encodeURIComponent(sort)}`))).items as T[];
      const paged = (await walk(path, sort)) as T[];
      expect(paged.map(idOf), `${path} sort=${sort}`).toEqual(whole.map(idOf));
      expect(new Set(paged.map(idOf)).size, `${path} sort=${sort}: no repeats`).toBe(paged.length);
      expect([...paged.map(idOf)].sort(), `${path} sort=${sort}: all of them`).toEqual([...expected].sort());
      expect(paged.map(idOf), `${path} sort=${sort}: in order`).toEqual([...paged].sort(compare).map(idOf));
    }
    const unsorted = (await walk(path, null)) as T[];
    const byDefault = (await walk(path, defaultSort)) as T[];
    expect(unsorted.map(idOf), `${path}: the default is ${defaultSort}`).toEqual(byDefault.map(idOf));
    await checkRefusals(path, Object.keys(sorts), defaultSort);
  }

  /** A cursor of one sort is refused with another; an unknown sort is refused naming the keys there are. */
  async function checkRefusals(path: string, sorts: string[], defaultSort: string) {
    const other = sorts.find((s) => s !== defaultSort) as string;
    const first = await get(join(path, `limit=1&sort=${encodeURIComponent(other)}`));
    expect(first.next).toEqual(expect.any(String));
    for (const used of [defaultSort, null]) {
      const query = `limit=1&cursor=${first.next}${used ? `&sort=${encodeURIComponent(used)}` : ''}`;
      const { status, body } = await problem(join(path, query));
      expect(status).toBe(400);
      expect(body.code).toBe('ERR_OSPO_CURSOR');
      expect(body.detail).toContain(`sort=${other}`);
      expect(body.hint).toContain(`sort=${other}`);
    }
    // a cursor of the default order, given without a sort, is one of that order
    const plain = await get(join(path, 'limit=1'));
    const mixed = await problem(join(path, `limit=1&cursor=${plain.next}&sort=${encodeURIComponent(other)}`));
    expect(mixed.body.code).toBe('ERR_OSPO_CURSOR');
    expect(
      (await get(join(path, `limit=1&cursor=${plain.next}&sort=${encodeURIComponent(defaultSort)}`))).items,
    ).toHaveLength(1);

    const unknown = await problem(join(path, 'sort=bogus'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('ERR_OSPO_VALIDATION');
    for (const key of sorts) expect(unknown.body.detail).toContain(key);
  }

  it('sorts projects by name, creation and newest scan, never-scanned last', async () => {
    const all = await store.repos.projects.list({ limit: 100 });
    const scanned = new Map(
      (await store.repos.scans.newestPerProject()).map((p) => [p.projectId, p.scannedAt]),
    );
    type P = { id: string; name: string; createdAt: string };
    const name = (p: P) => p.name.toLowerCase();
    const created = (p: P) => p.createdAt;
    const id = (p: P) => p.id;
    const scannedSort = (desc: boolean) => (a: P, b: P) => {
      const [x, y] = [scanned.get(a.id) ?? null, scanned.get(b.id) ?? null];
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      const c = cmp(x ?? '', y ?? '') || cmp(a.id, b.id);
      return desc ? -c : c;
    };
    await checkSorts<P>(
      '/api/v1/projects',
      id,
      all.map((p) => p.id),
      {
        name: by([name, id]),
        '-name': by([name, id], true),
        created: by([created, id]),
        '-created': by([created, id], true),
        scanned: scannedSort(false),
        '-scanned': scannedSort(true),
      },
      'name',
    );
    // the never-scanned ones come last both ways, and the ties are there
    const last = (await walk('/api/v1/projects', '-scanned')).slice(-3).map((p) => p.name);
    expect(last.sort()).toEqual(['bravo', 'foxtrot', 'golf']);
    const createdTies = new Set(
      all.filter((p) => ['echo', 'bravo'].includes(p.name)).map((p) => p.createdAt),
    );
    expect(createdTies.size).toBe(1);
    // the answer has the project's fields only
    expect(Object.keys((await get('/api/v1/projects?sort=scanned&limit=1')).items[0] ?? {})).not.toContain(
      'scannedAt',
    );
  });

  it("sorts a project's scans newest or oldest first", async () => {
    const scans = await store.repos.scans.listForProject(projectId, { limit: 100 });
    expect(scans).toHaveLength(4);
    expect(new Set(scans.map((s) => s.createdAt)).size).toBeLessThan(4);
    type S = { id: string; createdAt: string };
    const keys = [(s: S) => s.createdAt, (s: S) => s.id];
    await checkSorts<S>(
      `/api/v1/projects/${projectId}/scans`,
      (s) => s.id,
      scans.map((s) => s.id),
      { '-created': by(keys, true), created: by(keys) },
      '-created',
    );
  });

  it("sorts a scan's packages by purl, name and ecosystem, filters too", async () => {
    const rows = await store.repos.scans.packages(scanId, { limit: 100 });
    type R = { purl: string; name: string; ecosystem: string };
    const purl = (r: R) => r.purl;
    const name = (r: R) => r.name.toLowerCase();
    await checkSorts<R>(
      `/api/v1/scans/${scanId}/packages`,
      purl,
      rows.map(purl),
      {
        purl: by([purl]),
        name: by([name, purl]),
        '-name': by([name, purl], true),
        ecosystem: by([(r) => r.ecosystem, name, purl]),
      },
      'purl',
    );
    const npm = (await walk(`/api/v1/scans/${scanId}/packages?ecosystem=npm`, '-name')) as R[];
    expect(npm.map((r) => `${r.name}@${r.purl.split('@').at(-1)}`)).toEqual([
      'Zebra@1.0.0',
      'left-pad@1.3.0',
      'left-pad@1.1.0',
      'alpha@2.0.0',
    ]);
    const named = (await walk(`/api/v1/scans/${scanId}/packages?q=alpha`, 'ecosystem', 1)) as R[];
    expect(named.map((r) => r.ecosystem)).toEqual(['PyPI', 'npm']);
  });

  it('sorts the audit log newest or oldest first', async () => {
    type A = { id: string };
    const keys = [(a: A) => Number(a.id)];
    const all = (await walk('/api/v1/audit', '-at', 500)) as A[];
    await checkSorts<A>(
      '/api/v1/audit?targetType=project',
      (a) => a.id,
      (await walk('/api/v1/audit?targetType=project', '-at', 500)).map((a) => a.id as string),
      { '-at': by(keys, true), at: by(keys) },
      '-at',
    );
    const oldest = (await walk('/api/v1/audit', 'at', 7)) as A[];
    expect(oldest.map((a) => a.id)).toEqual([...all].reverse().map((a) => a.id));
  });

  it('sorts users by email, name and creation, and team members by email and name', async () => {
    type U = { id: string; email: string; name: string; createdAt: string };
    const email = (u: U) => u.email.toLowerCase();
    const name = (u: U) => u.name.toLowerCase();
    const created = (u: U) => u.createdAt;
    const id = (u: U) => u.id;
    const users = await store.repos.users.list({ limit: 100 });
    await checkSorts<U>(
      '/api/v1/users',
      id,
      users.map(id),
      {
        email: by([email, id]),
        '-email': by([email, id], true),
        name: by([name, id]),
        '-name': by([name, id], true),
        created: by([created, id]),
        '-created': by([created, id], true),
      },
      'email',
    );
    const bobs = (await walk('/api/v1/users', 'name')).filter((u) => name(u as U) === 'bob');
    expect(bobs).toHaveLength(3);
    const members = await store.repos.teams.members(teamId, { limit: 100 });
    expect(members).toHaveLength(4);
    await checkSorts<U>(
      `/api/v1/teams/${teamId}/members`,
      id,
      members.map(id),
      {
        email: by([email, id]),
        '-email': by([email, id], true),
        name: by([name, id]),
        '-name': by([name, id], true),
      },
      'email',
    );
  });

  it('sorts teams by name and creation', async () => {
    type T = { id: string; name: string; createdAt: string };
    const name = (t: T) => t.name.toLowerCase();
    const keys = [(t: T) => t.createdAt, (t: T) => t.id];
    const teams = await store.repos.teams.list({ limit: 100 });
    await checkSorts<T>(
      '/api/v1/teams',
      (t) => t.id,
      teams.map((t) => t.id),
      {
        name: by([name, (t) => t.id]),
        '-name': by([name, (t) => t.id], true),
        created: by(keys),
        '-created': by(keys, true),
      },
      'name',
    );
  });

  it('sorts tokens newest or oldest first and by name', async () => {
    type K = { id: string; name: string; createdAt: string };
    const created = [(t: K) => t.createdAt, (t: K) => t.id];
    const name = [(t: K) => t.name.toLowerCase(), (t: K) => t.id];
    const tokens = (await walk('/api/v1/tokens?all=true', null, 500)) as K[];
    expect(tokens).toHaveLength(6);
    await checkSorts<K>(
      '/api/v1/tokens?all=true',
      (t) => t.id,
      tokens.map((t) => t.id),
      { '-created': by(created, true), created: by(created), name: by(name), '-name': by(name, true) },
      '-created',
    );
    const names = (await walk('/api/v1/tokens?all=true', 'name')).map((t) => t.name);
    expect(names).toEqual([
      'backup',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      'deploy',
      'nightly',
    ]);
  });

  it('sorts waivers by when they were granted and by expiry date, revoked ones when asked', async () => {
    type W = { id: string; expires: string };
    const seq = (w: W) => Number(w.id.slice(2));
    const expires = [(w: W) => w.expires, seq];
    const sorts = {
      created: by([seq]),
      '-created': by([seq], true),
      expires: by(expires),
      '-expires': by(expires, true),
    };
    await checkSorts<W>('/api/v1/waivers', (w) => w.id, ['W-1', 'W-2', 'W-3', 'W-5'], sorts, 'created');
    await checkSorts<W>(
      '/api/v1/waivers?includeRevoked=true',
      (w) => w.id,
      ['W-1', 'W-2', 'W-3', 'W-4', 'W-5'],
      sorts,
      'created',
    );
    const soonest = (await walk('/api/v1/waivers', 'expires')).map((w) => w.id);
    expect(soonest).toEqual(['W-2', 'W-5', 'W-1', 'W-3']);
  });

  it('still takes cursors handed out before lists had a sort', async () => {
    const projects = await store.repos.projects.list({ limit: 100 });
    const first = projects[0] as { id: string; name: string };
    const old = encodeCursor({ key: first.name.toLowerCase(), id: first.id });
    const page = await get(`/api/v1/projects?limit=100&cursor=${old}`);
    expect(page.items.map((p) => p.id)).toEqual(projects.slice(1).map((p) => p.id));
    expect((await problem(`/api/v1/projects?cursor=${old}&sort=created`)).body.code).toBe('ERR_OSPO_CURSOR');
    const waivers = await get('/api/v1/waivers?cursor=W-2');
    expect(waivers.items.map((w) => w.id)).toEqual(['W-3', 'W-5']);
  });

  it('refuses cursors whose key is not what the sort compares', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', 'x', 'created'])).toString('base64url');
    for (const path of [
      '/api/v1/projects',
      '/api/v1/users',
      '/api/v1/teams',
      `/api/v1/projects/${projectId}/scans`,
    ]) {
      const { status, body } = await problem(`${path}?sort=created&cursor=${forged}`);
      expect([status, body.code], path).toEqual([400, 'ERR_OSPO_CURSOR']);
    }
  });
});
