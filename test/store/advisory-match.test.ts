import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAdvisories } from '../../src/services/vulnerabilities/import.js';
import { migrations, type OpenStore, storeOver } from '../../src/store/index.js';
import { migrate } from '../../src/store/migrator.js';
import { backends } from '../support/stores.js';

const before = migrations.filter((m) => m.id < '0011_advisory_match');

describe.each(backends)('0011_advisory_match on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh({ migrate: false }));
  });
  afterAll(() => dispose());

  it('fills the match columns of a database that has advisories, and counts them', async () => {
    const db = store.database.db as Kysely<unknown>;
    await migrate(db, before);
    // as the code before 0011 stored them
    await sql`insert into advisories (id, modified, withdrawn, aliases, summary, severity, record) values
      ('GHSA-1', '2024-01-01T00:00:00Z', null, '{CVE-1}', 'one', ${'[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]'}::jsonb, '{}'),
      ('GHSA-2', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', '{}', null, '[]', '{}'),
      ('GHSA-3', '2024-02-01T00:00:00Z', null, '{}', 'three', '[]', '{}')`.execute(db);
    await sql`insert into advisory_affected (advisory_id, ordinal, ecosystem, ecosystem_full, name, ranges, versions) values
      ('GHSA-1', 0, 'npm', 'npm', 'left', ${'[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.0"}]}]'}::jsonb, '{1.0.0,1.1.0}'),
      ('GHSA-1', 1, 'Debian', 'Debian:12', 'left', '[]', '{}'),
      ('GHSA-2', 0, 'npm', 'npm', 'right', '[]', '{}')`.execute(db);
    const report = await migrate(db, migrations);
    expect(report.applied).toContain('0011_advisory_match');

    const repo = storeOver(store.database).repos.advisories;
    expect(await repo.count()).toBe(3);
    const rows = await repo.affectedFor([
      { ecosystem: 'npm', name: 'left' },
      { ecosystem: 'npm', name: 'right' },
      { ecosystem: 'Debian', name: 'left' },
    ]);
    const byKey = Object.fromEntries(rows.map((r) => [`${r.advisoryId}/${r.ecosystemFull}`, r]));
    expect(Object.keys(byKey).sort()).toEqual(['GHSA-1/Debian:12', 'GHSA-1/npm', 'GHSA-2/npm']);
    expect(byKey['GHSA-1/npm']).toEqual({
      advisoryId: 'GHSA-1',
      ecosystem: 'npm',
      ecosystemFull: 'npm',
      name: 'left',
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }],
      versions: ['1.0.0', '1.1.0'],
      modified: '2024-01-01T00:00:00.000Z',
      withdrawn: null,
      aliases: ['CVE-1'],
      summary: 'one',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    });
    expect(byKey['GHSA-2/npm']).toMatchObject({
      withdrawn: '2024-03-01T00:00:00.000Z',
      aliases: [],
      summary: null,
      severity: [],
    });

    // the count goes on with upserts: new ids count, replaced and unchanged ones do not
    const advisory = (id: string, modified: string) => ({
      id,
      modified,
      published: null,
      withdrawn: null,
      aliases: [],
      summary: null,
      severity: [],
      record: { id, modified },
      affected: [],
    });
    const done = await store.transaction((r) =>
      r.advisories.upsert([
        advisory('GHSA-3', '2024-05-01T00:00:00Z'),
        advisory('GHSA-2', '2023-01-01T00:00:00Z'),
        advisory('GHSA-4', '2024-05-01T00:00:00Z'),
      ]),
    );
    expect(done).toEqual({ inserted: 1, updated: 1, unchanged: 1, written: ['GHSA-3', 'GHSA-4'] });
    expect(await repo.count()).toBe(4);
  });
});

describe.each(backends)('rows to match on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
  });
  afterAll(() => dispose());

  const severity = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }];
  const advisory = (id: string, affected: { ecosystem: string; name: string }[], withdrawn = false) => ({
    id,
    modified: '2024-01-01T00:00:00Z',
    published: null,
    withdrawn: withdrawn ? '2024-02-01T00:00:00Z' : null,
    aliases: [`CVE-${id}`],
    summary: `summary of ${id}`,
    severity,
    record: { id },
    affected: affected.map((a) => ({
      ...a,
      ecosystemFull: a.ecosystem === 'Debian' ? 'Debian:12' : a.ecosystem,
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }],
      versions: ['1.0'],
    })),
  });

  it('gives every row of the asked packages once, in chunks, without withdrawn records', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `pkg-${i}`);
    await store.transaction((r) =>
      r.advisories.upsert([
        ...names.map((name, i) => advisory(`A-${i}`, [{ ecosystem: 'npm', name }])),
        advisory('B-1', [
          { ecosystem: 'PyPI', name: 'pkg-1' },
          { ecosystem: 'Debian', name: 'pkg-1' },
          { ecosystem: 'npm', name: 'pkg-2' },
        ]),
        advisory('W-1', [{ ecosystem: 'npm', name: 'pkg-3' }], true),
        advisory('X-1', [{ ecosystem: 'npm', name: 'not-asked' }]),
      ]),
    );
    const asked = [
      ...names.map((name) => ({ ecosystem: 'npm', name })),
      { ecosystem: 'PyPI', name: 'pkg-1' },
      { ecosystem: 'Debian', name: 'pkg-1' },
      { ecosystem: 'Go', name: 'nothing' },
    ];
    const chunks: string[][] = [];
    for await (const rows of store.repos.advisories.affectedToMatch(asked, { namesPerQuery: 10 }))
      chunks.push(rows.map((r) => `${r.advisoryId} ${r.ecosystemFull} ${r.name}`));
    // npm in three queries of at most 10 names, then PyPI, Debian and Go (which has no rows)
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    const all = chunks.flat().sort();
    const expected = [
      ...names.map((n) => `A-${n.slice(4)} npm ${n}`), // not W-1 of pkg-3, which is withdrawn
      'B-1 npm pkg-2',
      'B-1 PyPI pkg-1',
      'B-1 Debian:12 pkg-1',
    ].sort();
    expect(all).toEqual(expected);
    // one row whole, with its severity list shared with the rows of the same text
    const rows = [];
    for await (const chunk of store.repos.advisories.affectedToMatch([{ ecosystem: 'npm', name: 'pkg-2' }]))
      rows.push(...chunk);
    expect(rows.find((r) => r.advisoryId === 'A-2')).toEqual({
      advisoryId: 'A-2',
      ecosystem: 'npm',
      ecosystemFull: 'npm',
      name: 'pkg-2',
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }],
      versions: ['1.0'],
      aliases: ['CVE-A-2'],
      summary: 'summary of A-2',
      severity,
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.severity).toBe(rows[1]?.severity);
    // nothing asked, nothing read
    const none = [];
    for await (const chunk of store.repos.advisories.affectedToMatch([])) none.push(chunk);
    expect(none).toEqual([]);
  });

  it('refreshes the planner statistics of the table matching reads', async () => {
    const db = store.database.db as Kysely<unknown>;
    const counted = async (table: string) =>
      Number(
        (
          await sql<{ n: string }>`select count(*)::text as n from pg_stats
            where tablename = ${table}`.execute(db)
        ).rows[0]?.n,
      );
    expect(await counted('advisory_affected')).toBe(0);
    await store.repos.advisories.analyze();
    // the names and ecosystems matching looks up, among the columns
    const { rows } = await sql<{ attname: string }>`select attname from pg_stats
      where tablename = 'advisory_affected' order by attname`.execute(db);
    expect(rows.map((r) => r.attname)).toEqual(expect.arrayContaining(['ecosystem', 'name']));
  });

  it('writes two batches naming the same records at once, each record stored once, the newest winning', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `C-${String(i).padStart(4, '0')}`);
    const version = (id: string, month: string) => ({
      ...advisory(id, [{ ecosystem: 'npm', name: `c-${id}` }]),
      modified: `2024-${month}-01T00:00:00Z`,
      summary: `${id} of ${month}`,
    });
    // the same records, one batch in each order, with the newer copy of half of them in each
    const one = ids.map((id, i) => version(id, i % 2 ? '03' : '02'));
    const two = [...ids].reverse().map((id) => version(id, Number(id.slice(2)) % 2 ? '02' : '03'));
    const results = await Promise.all([
      store.transaction((r) => r.advisories.upsert(one)),
      store.transaction((r) => r.advisories.upsert(two)),
    ]);
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(1000);
    const rows = [];
    for await (const chunk of store.repos.advisories.affectedToMatch(
      ids.map((id) => ({ ecosystem: 'npm', name: `c-${id}` })),
    ))
      rows.push(...chunk);
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.summary === `${r.advisoryId} of 03`)).toBe(true);
  });

  it('stores records sent as UTF-8 documents whole: quotes, escapes, accents and astral characters', async () => {
    const text = 'Überlauf in “ü” \\ "quoted" \u0007 😀 中文';
    const record = {
      id: 'U-1',
      summary: text,
      details: text,
      database_specific: { n: [1, 2.5, null, true] },
    };
    await store.transaction((r) =>
      r.advisories.upsert([
        {
          ...advisory('U-1', [{ ecosystem: 'npm', name: 'ünicode-😀' }]),
          summary: text,
          record,
        },
      ]),
    );
    expect((await store.repos.advisories.get('U-1'))?.record).toEqual(record);
    const rows = [];
    for await (const chunk of store.repos.advisories.affectedToMatch([
      { ecosystem: 'npm', name: 'ünicode-😀' },
    ]))
      rows.push(...chunk);
    expect(rows).toEqual([expect.objectContaining({ advisoryId: 'U-1', summary: text })]);
  });

  it('keeps each record as its own text, deflated, byte for byte; reads records kept as jsonb before (0015)', async () => {
    const db = store.database.db as Kysely<unknown>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-record-bytes-'));
    try {
      // spacing and key order as written: jsonb would have kept neither
      const zipped =
        '{"modified":"2024-05-01T00:00:00Z",   "id":"ZIP-1", "summary":"from a dump \u00e9", "affected":[]}';
      const plain = '{ "id" : "FILE-1", "modified" : "2024-05-01T00:00:00Z", "affected" : [ ] }';
      fs.writeFileSync(path.join(dir, 'all.zip'), zipSync({ 'ZIP-1.json': [strToU8(zipped), { level: 6 }] }));
      fs.writeFileSync(path.join(dir, 'FILE-1.json'), plain);
      const report = await importAdvisories(store, { kind: 'local', name: 'test' }, [
        path.join(dir, 'all.zip'),
        path.join(dir, 'FILE-1.json'),
      ]);
      expect(report.inserted).toBe(2);
      const { rows } = await sql<{ id: string; record: unknown; record_deflated: Buffer }>`
        select id, record, record_deflated from advisories where id in ('ZIP-1', 'FILE-1') order by id`.execute(
        db,
      );
      expect(rows.map((r) => [r.id, r.record, inflateRawSync(r.record_deflated).toString('utf8')])).toEqual([
        ['FILE-1', null, plain],
        ['ZIP-1', null, zipped],
      ]);
      expect((await store.repos.advisories.get('ZIP-1'))?.record).toEqual(JSON.parse(zipped));
      // a record stored before 0015, as jsonb
      await sql`insert into advisories (id, modified, record) values ('OLD-1', '2024-01-01T00:00:00Z', '{"id":"OLD-1"}')`.execute(
        db,
      );
      expect((await store.repos.advisories.get('OLD-1'))?.record).toEqual({ id: 'OLD-1' });
      // one of the two, never neither
      await expect(
        sql`insert into advisories (id, modified) values ('NONE-1', '2024-01-01T00:00:00Z')`.execute(db),
      ).rejects.toThrow(/advisories_record_one/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no alias index on advisories and no foreign key from their affected rows (0013)', async () => {
    const db = store.database.db as Kysely<unknown>;
    const { rows: indexes } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'advisories'`.execute(db);
    expect(indexes.map((i) => i.indexname)).toEqual(['advisories_pkey']);
    const { rows: keys } = await sql<{ conname: string }>`
      select conname from pg_constraint where conrelid = 'advisory_affected'::regclass and contype = 'f'`.execute(
      db,
    );
    expect(keys).toEqual([]);
  });
});
