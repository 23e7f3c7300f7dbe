import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/schemas.js';
import type { Actor } from '../../src/services/actor.js';
import { auditExportText, exportAudit, listAudit } from '../../src/services/audit.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };
const viewer: Actor = {
  kind: 'user',
  user: { id: 'u1', email: 'v@example.org', name: 'Vi', role: 'viewer', createdAt: '2026-01-01T00:00:00Z' },
};

/** Entries at fixed times (the log's own default is now()), oldest first. */
const seeded = [
  ['2026-01-01T09:00:00Z', 'user:ada@example.org', 'project.create', 'project', 'p1', { name: 'billing' }],
  ['2026-01-01T23:59:59Z', 'user:ada@example.org', 'project.distribution', 'project', 'p1', { to: 'saas' }],
  [
    '2026-01-02T00:00:00Z',
    'user:bob@example.org',
    'waiver.create',
    'license_waiver',
    'W-1',
    { reason: '=cmd' },
  ],
  ['2026-01-03T12:00:00Z', 'local:ci', 'project.create', 'project', 'p2', { name: 'shop, "v2"' }],
  ['2026-01-04T08:30:00Z', 'user:a_b@example.org', 'user.create', 'user', 'u9', {}],
] as const;

describe.each(backends)('audit log on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    for (const [at, actor, action, targetType, targetId, details] of seeded) {
      await sql`insert into audit_log (at, actor, action, target_type, target_id, details)
                values (${at}, ${actor}, ${action}, ${targetType}, ${targetId}, ${JSON.stringify(details)})`.execute(
        store.database.db,
      );
    }
  });
  afterAll(async () => {
    await dispose();
  });

  const actions = (entries: AuditEntry[]) => entries.map((e) => `${e.action}:${e.targetId}`);

  it('lists newest first, and filters by target type alone as before', async () => {
    const all = await store.repos.audit.list({ limit: 10 });
    expect(actions(all)).toEqual([
      'user.create:u9',
      'project.create:p2',
      'waiver.create:W-1',
      'project.distribution:p1',
      'project.create:p1',
    ]);
    expect(all[0]).toMatchObject({
      at: '2026-01-04T08:30:00.000Z',
      actor: 'user:a_b@example.org',
      details: {},
    });
    const waivers = await store.repos.audit.list({ limit: 10, targetType: 'license_waiver' });
    expect(actions(waivers)).toEqual(['waiver.create:W-1']);
  });

  it.each([
    [{ actor: 'ADA@example' }, ['project.distribution:p1', 'project.create:p1']],
    [{ actor: 'a_b' }, ['user.create:u9']],
    [{ actor: '%' }, []],
    [{ action: 'project.create' }, ['project.create:p2', 'project.create:p1']],
    [{ action: 'project.*' }, ['project.create:p2', 'project.distribution:p1', 'project.create:p1']],
    [{ action: 'project' }, []],
    [{ targetType: 'project', targetId: 'p1' }, ['project.distribution:p1', 'project.create:p1']],
    [
      { since: new Date('2026-01-02T00:00:00Z') },
      ['user.create:u9', 'project.create:p2', 'waiver.create:W-1'],
    ],
    [{ until: new Date('2026-01-02T00:00:00Z') }, ['project.distribution:p1', 'project.create:p1']],
    [
      {
        since: new Date('2026-01-01T12:00:00Z'),
        until: new Date('2026-01-03T12:00:00Z'),
        actor: 'example.org',
      },
      ['waiver.create:W-1', 'project.distribution:p1'],
    ],
  ] as const)('filters by %j', async (filter, expected) => {
    expect(actions(await store.repos.audit.list({ ...filter, limit: 10 }))).toEqual(expected);
  });

  it('pages with opaque cursors under a filter, and refuses cursors it did not give out', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit(store, local, { limit: 2, cursor, actor: 'example.org' });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...actions(page.items));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      'user.create:u9',
      'waiver.create:W-1',
      'project.distribution:p1',
      'project.create:p1',
    ]);
    const forged = Buffer.from(JSON.stringify(['x', '1; drop table audit_log'])).toString('base64url');
    await expect(listAudit(store, local, { limit: 2, cursor: forged })).rejects.toMatchObject({
      code: 'ERR_OSPO_CURSOR',
    });
    await expect(listAudit(store, local, { limit: 2, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'ERR_OSPO_CURSOR',
    });
  });

  it('reads dates as whole UTC days, and refuses times it cannot read', async () => {
    const day = await listAudit(store, local, { limit: 10, since: '2026-01-01', until: '2026-01-01' });
    expect(actions(day.items)).toEqual(['project.distribution:p1', 'project.create:p1']);
    const precise = await listAudit(store, local, { limit: 10, since: '2026-01-03T11:00:00+00:00' });
    expect(actions(precise.items)).toEqual(['user.create:u9', 'project.create:p2']);
    for (const since of ['yesterday', '2026-13-45', '1700000000']) {
      await expect(listAudit(store, local, { limit: 10, since })).rejects.toMatchObject({
        code: 'ERR_OSPO_VALIDATION',
      });
    }
  });

  it('lets only roles with audit:read see it', async () => {
    await expect(listAudit(store, viewer, { limit: 10 })).rejects.toMatchObject({
      code: 'ERR_OSPO_FORBIDDEN',
    });
    await expect(exportAudit(store, viewer, {}, 'csv')).rejects.toMatchObject({ code: 'ERR_OSPO_FORBIDDEN' });
  });

  it('exports every match in batches as CSV and JSON, and audits the export', async () => {
    const text = async (format: 'csv' | 'json', query = {}) => {
      let out = '';
      for await (const piece of auditExportText(await exportAudit(store, local, query, format, 2), format)) {
        out += piece;
      }
      return out;
    };
    const csv = await text('csv', { action: 'project.*' });
    expect(csv.split('\r\n')).toEqual([
      'id,at,actor,action,targetType,targetId,details',
      expect.stringMatching(
        /^\d+,2026-01-03T12:00:00.000Z,local:ci,project.create,project,p2,"{""name"":""shop, \\""v2\\""""}"$/,
      ),
      expect.stringMatching(
        /^\d+,2026-01-01T23:59:59.000Z,user:ada@example.org,project.distribution,project,p1,/,
      ),
      expect.stringMatching(/,project.create,project,p1,/),
      '',
    ]);
    const json = JSON.parse(await text('json', { targetType: 'license_waiver' })) as AuditEntry[];
    expect(json).toEqual([expect.objectContaining({ action: 'waiver.create', details: { reason: '=cmd' } })]);
    expect(JSON.parse(await text('json', { actor: 'nobody' }))).toEqual([]);
    const exports = await store.repos.audit.list({ limit: 10, action: 'audit.export' });
    expect(exports.map((e) => e.details)).toEqual([
      { format: 'json', filter: { actor: 'nobody' } },
      { format: 'json', filter: { targetType: 'license_waiver' } },
      { format: 'csv', filter: { action: 'project.*' } },
    ]);
    expect(exports[0]).toMatchObject({ actor: 'local:test', targetType: 'audit_log', targetId: null });
  });

  it('stays append-only', async () => {
    await expect(sql`delete from audit_log`.execute(store.database.db)).rejects.toThrow(/append-only/);
  });
});
