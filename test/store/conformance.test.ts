import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OspoError } from '../../src/core/errors.js';
import type { Actor } from '../../src/services/actor.js';
import {
  createWaiver,
  currentPolicy,
  listWaivers,
  revokeWaiver,
  savePolicy,
} from '../../src/services/compliance/records.js';
import { createProject, listProjects } from '../../src/services/projects.js';
import { createUser, resolveSession, setupFirstAdmin, signIn } from '../../src/services/users.js';
import { createDatabase, type Migration, migrations, type OpenStore } from '../../src/store/index.js';
import { migrate, migrationStatus } from '../../src/store/migrator.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as OspoError).code ?? String(error);
  }
  return 'no error';
}

describe.each(backends)('store on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
  });
  afterAll(() => dispose());

  it('has applied every migration, and migrating again applies none', async () => {
    const status = await migrationStatus(store.database.db as Kysely<unknown>, migrations);
    expect(status.map((s) => s.id)).toEqual(migrations.map((m) => m.id));
    expect(status.every((s) => s.appliedAt instanceof Date)).toBe(true);
    const again = await migrate(store.database.db as Kysely<unknown>, migrations);
    expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  it('creates projects, refuses a duplicate name ignoring case, and audits the creation', async () => {
    const created = await createProject(store, local, { name: 'Billing', description: 'invoices' });
    expect(created).toMatchObject({ name: 'Billing', lifecycle: 'production', relation: 'uses' });
    expect(await codeOf(createProject(store, local, { name: 'billing' }))).toBe('ERR_OSPO_CONFLICT');
    const audit = await store.repos.audit.list({ limit: 10, targetType: 'project' });
    expect(audit.filter((a) => a.targetId === created.id).map((a) => a.action)).toEqual(['project.create']);
    expect(audit[0]?.actor).toBe('local:test');
  });

  it('rejects invalid projects with a validation code and stores nothing', async () => {
    const before = await store.repos.projects.count();
    expect(await codeOf(createProject(store, local, { name: 'has space' }))).toBe('ERR_OSPO_VALIDATION');
    expect(await codeOf(createProject(store, local, { name: 'ok', lifecycle: 'eternal' }))).toBe(
      'ERR_OSPO_VALIDATION',
    );
    expect(await store.repos.projects.count()).toBe(before);
  });

  it('pages through projects in name order with cursors', async () => {
    for (const name of ['p-03', 'p-01', 'P-02', 'p-05', 'p-04']) await createProject(store, local, { name });
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listProjects(store, local, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((p) => p.name));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(names.filter((n) => n.toLowerCase().startsWith('p-'))).toEqual([
      'p-01',
      'P-02',
      'p-03',
      'p-04',
      'p-05',
    ]);
    expect(await codeOf(listProjects(store, local, { limit: 2, cursor: 'garbage' }))).toBe('ERR_OSPO_CURSOR');
  });

  it('keeps policy versions in order, and refuses a policy that does not read without storing it', async () => {
    expect((await currentPolicy(store, local)).version).toBe(0);
    const first = await savePolicy(store, local, 'licenses:\n  context: saas\n');
    const second = await savePolicy(store, local, 'licenses:\n  context: internal\n');
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await codeOf(savePolicy(store, local, 'licenses:\n  contxt: saas\n'))).toBe(
      'ERR_OSPO_POLICY_UNKNOWN_KEY',
    );
    const now = await currentPolicy(store, local);
    expect([now.version, now.policy.context]).toEqual([2, 'internal']);
    expect((await store.repos.policies.history(10)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('grants and revokes waivers with ids in order, each change audited', async () => {
    const base = { package: 'left-pad', reason: 'r', approver: 'legal@example.com', expires: '2999-01-01' };
    const a = await createWaiver(store, local, base);
    const b = await createWaiver(store, local, { ...base, package: 'right-pad', version: '^1.2.0' });
    expect([a.id, b.id]).toEqual(['W-1', 'W-2']);
    expect(await codeOf(createWaiver(store, local, { ...base, expires: 'soon' }))).toBe(
      'ERR_OSPO_WAIVER_EXPIRY',
    );
    await revokeWaiver(store, local, a.id);
    expect(await codeOf(revokeWaiver(store, local, a.id))).toBe('ERR_OSPO_NOT_FOUND');
    const active = await listWaivers(store, local, { limit: 10 });
    expect(active.items.map((w) => w.id)).toEqual(['W-2']);
    const all = await listWaivers(store, local, { limit: 1, includeRevoked: true });
    expect(all.items.map((w) => w.id)).toEqual(['W-1']);
    const rest = await listWaivers(store, local, {
      limit: 1,
      includeRevoked: true,
      after: all.next ?? undefined,
    });
    expect(rest.items.map((w) => w.id)).toEqual(['W-2']);
    const audit = await store.repos.audit.list({ limit: 10, targetType: 'license_waiver' });
    expect(audit.map((e) => e.action).sort()).toEqual(['waiver.create', 'waiver.create', 'waiver.revoke']);
  });

  it('caches registry license metadata by key, replacing an older answer', async () => {
    const cache = store.repos.registryLicenses;
    expect(await cache.get('npm:pkg:npm/a@1')).toBeNull();
    await cache.put('npm:pkg:npm/a@1', {
      licenses: [],
      source: 'npm',
      url: 'http://x/a',
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
    await cache.put('npm:pkg:npm/a@1', {
      licenses: ['MIT'],
      source: 'npm',
      url: 'http://x/a',
      fetchedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(await cache.get('npm:pkg:npm/a@1')).toEqual({
      licenses: ['MIT'],
      source: 'npm',
      url: 'http://x/a',
      fetchedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('upserts advisories by id and modified, and finds affected rows by ecosystem and name', async () => {
    const advisory = (id: string, modified: string, name: string) => ({
      id,
      modified,
      published: null,
      withdrawn: null,
      aliases: [`CVE-${id}`],
      summary: id,
      severity: [],
      record: { id, modified },
      affected: [
        {
          ecosystem: 'npm',
          ecosystemFull: 'npm',
          name,
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
          versions: [],
        },
      ],
    });
    const repo = store.repos.advisories;
    expect(
      await store.transaction((r) =>
        r.advisories.upsert([
          advisory('A-1', '2024-01-01T00:00:00Z', 'left'),
          advisory('A-2', '2024-01-01T00:00:00Z', 'right'),
        ]),
      ),
    ).toEqual({ inserted: 2, updated: 0, unchanged: 0, written: ['A-1', 'A-2'] });
    expect(
      await store.transaction((r) =>
        r.advisories.upsert([
          advisory('A-1', '2024-02-01T00:00:00Z', 'middle'),
          advisory('A-2', '2023-01-01T00:00:00Z', 'other'),
        ]),
      ),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 1, written: ['A-1'] });
    const rows = await repo.affectedFor([
      { ecosystem: 'npm', name: 'middle' },
      { ecosystem: 'npm', name: 'right' },
      { ecosystem: 'npm', name: 'left' },
    ]);
    expect(rows.map((r) => [r.advisoryId, r.name]).sort()).toEqual([
      ['A-1', 'middle'],
      ['A-2', 'right'],
    ]);
    expect((await repo.get('A-1'))?.record).toEqual({ id: 'A-1', modified: '2024-02-01T00:00:00Z' });
  });

  it('rolls back every write of a failed transaction', async () => {
    const before = await store.repos.projects.count();
    await expect(
      store.transaction(async (repos) => {
        await repos.projects.insert({
          name: 'half-written',
          description: null,
          ownerTeamId: null,
          lifecycle: 'production',
          relation: 'uses',
          distribution: null,
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.repos.projects.count()).toBe(before);
    expect(await store.repos.projects.getByName('half-written')).toBeNull();
  });

  it('keeps the audit log append-only: update, delete and truncate are refused', async () => {
    const db = store.database.db;
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(db)).rows[0]?.n);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(sql`update audit_log set actor = 'mallory'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
  });

  it('creates the first admin once, then refuses setup', async () => {
    const admin = await setupFirstAdmin(
      store,
      { email: 'Ada@Example.com', name: 'Ada', password: 'correct horse battery' },
      'test',
    );
    expect(admin).toMatchObject({ email: 'ada@example.com', role: 'admin' });
    const again = setupFirstAdmin(
      store,
      { email: 'eve@example.com', name: 'Eve', password: 'correct horse battery' },
      'test',
    );
    expect(await codeOf(again)).toBe('ERR_OSPO_SETUP_DONE');
    expect(await store.repos.users.count()).toBe(1);
  });

  it('signs in with the right password only, and resolves the session', async () => {
    expect(await codeOf(signIn(store, 'ada@example.com', 'wrong password!!'))).toBe('ERR_OSPO_LOGIN_FAILED');
    expect(await codeOf(signIn(store, 'nobody@example.com', 'whatever password'))).toBe(
      'ERR_OSPO_LOGIN_FAILED',
    );
    const signed = await signIn(store, 'ADA@example.com', 'correct horse battery');
    const resolved = await resolveSession(store, signed.token);
    expect(resolved?.user.email).toBe('ada@example.com');
    expect(resolved?.csrfToken).toBe(signed.csrfToken);
    expect(await resolveSession(store, 'not-a-token')).toBeNull();
  });

  it('stores no plain password and refuses a duplicate email', async () => {
    await createUser(store, local, {
      email: 'bob@example.com',
      name: 'Bob',
      password: 'another long secret',
    });
    const row = await store.repos.users.getByEmailWithSecret('bob@example.com');
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(row?.passwordHash).not.toContain('another long secret');
    const dup = createUser(store, local, {
      email: 'BOB@example.com',
      name: 'B',
      password: 'another long secret',
    });
    expect(await codeOf(dup)).toBe('ERR_OSPO_CONFLICT');
  });
});

describe.each(backends)('migrations on $name', (backend) => {
  it('leave the database as it was when one fails, and name the one that failed', async () => {
    const { store, dispose } = await backend.fresh({ migrate: false });
    try {
      const db = store.database.db as Kysely<unknown>;
      const good: Migration = {
        id: '0001_good',
        up: async (trx) => void (await sql`create table good_table (id int)`.execute(trx)),
      };
      const bad: Migration = {
        id: '0002_bad',
        up: async (trx) => {
          await sql`create table half_table (id int)`.execute(trx);
          await sql`select * from no_such_table`.execute(trx);
        },
      };
      const error = await migrate(db, [good, bad]).catch((e: OspoError) => e);
      expect((error as OspoError).code).toBe('ERR_OSPO_MIGRATION');
      expect((error as OspoError).message).toContain('0002_bad');
      expect((error as OspoError).message).toContain('no_such_table');
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
        db,
      );
      const names = tables.rows.map((r) => r.name);
      expect(names).toContain('good_table');
      expect(names).not.toContain('half_table');
      const status = await migrationStatus(db, [good, bad]);
      expect(status.map((s) => [s.id, s.appliedAt !== null])).toEqual([
        ['0001_good', true],
        ['0002_bad', false],
      ]);
      // a database migrated by a newer ospokit is refused rather than guessed at
      expect(await codeOf(migrate(db, []))).toBe('ERR_OSPO_STORE_NEWER');
    } finally {
      await dispose();
    }
  });

  it('run concurrently from two connections without applying anything twice', async () => {
    const { store, config, dispose } = await backend.fresh({ migrate: false });
    try {
      if (config.kind === 'pglite') {
        // one process per PGlite folder: the second opener is refused (see pglite.test.ts)
        expect(await codeOf(createDatabase(config))).toBe('ERR_OSPO_STORE_LOCKED');
        return;
      }
      const other = await createDatabase(config);
      try {
        const reports = await Promise.all([
          migrate(store.database.db as Kysely<unknown>, migrations),
          migrate(other.db as Kysely<unknown>, migrations),
        ]);
        const applied = reports.flatMap((r) => r.applied).sort();
        expect(applied).toEqual(migrations.map((m) => m.id).sort());
      } finally {
        await other.close();
      }
    } finally {
      await dispose();
    }
  });
});
