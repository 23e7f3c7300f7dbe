import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(done).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    expect(await repo.count()).toBe(4);
  });
});
