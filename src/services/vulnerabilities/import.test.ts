import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../../../test/support/stores.js';
import type { OspoError } from '../../core/errors.js';
import type { OpenStore } from '../../store/index.js';
import { importAdvisories } from './import.js';

const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let dir: string;

const record = (id: string, modified: string, extra: Record<string, unknown> = {}) => ({
  schema_version: '1.6.0',
  id,
  modified,
  published: '2024-01-01T00:00:00Z',
  aliases: [`CVE-${id.slice(-4)}`],
  summary: `${id} summary`,
  affected: [
    {
      package: { ecosystem: 'PyPI', name: 'Django_REST.framework' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.15.2' }] }],
    },
  ],
  ...extra,
});

const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value),
  );
  return file;
};

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-osv-'));
});
afterAll(async () => {
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: OspoError) => e.code,
  );
}

describe('importAdvisories', () => {
  it('imports a folder, skips what is not a record with why, and normalizes names for matching', async () => {
    write('tree/a/GHSA-0001.json', record('GHSA-0001', '2024-05-01T00:00:00Z'));
    write(
      'tree/a/GHSA-0002.json',
      record('GHSA-0002', '2024-05-01T00:00:00Z', { withdrawn: '2024-06-01T00:00:00Z' }),
    );
    write('tree/b/broken.json', '{"id": "GHSA-0003", ');
    write('tree/b/no-modified.json', { id: 'GHSA-0004' });
    write(
      'tree/b/bad-event.json',
      record('GHSA-0005', '2024-05-01T00:00:00Z', {
        affected: [
          { package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ fixed: 1 }] }] },
        ],
      }),
    );
    write('tree/b/readme.txt', 'not json, not read');
    const report = await importAdvisories(store, local, [path.join(dir, 'tree')]);
    expect(report).toMatchObject({ read: 5, inserted: 2, updated: 0, unchanged: 0 });
    expect(report.skipped.map((s) => [path.basename(s.path), s.code])).toEqual([
      ['bad-event.json', 'ERR_OSPO_OSV_SCHEMA'],
      ['broken.json', 'ERR_OSPO_PARSE'],
      ['no-modified.json', 'ERR_OSPO_OSV_SCHEMA'],
    ]);
    const rows = await store.repos.advisories.affectedFor([
      { ecosystem: 'PyPI', name: 'django-rest-framework' },
    ]);
    expect(rows.map((r) => [r.advisoryId, r.withdrawn !== null])).toEqual([
      ['GHSA-0001', false],
      ['GHSA-0002', true],
    ]);
    // the record is kept whole, as written
    expect((await store.repos.advisories.get('GHSA-0001'))?.record).toEqual(
      record('GHSA-0001', '2024-05-01T00:00:00Z'),
    );
  });

  it('is idempotent, lets a newer record replace an older one, and never the other way round', async () => {
    const again = await importAdvisories(store, local, [path.join(dir, 'tree/a')]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const newer = write(
      'newer/GHSA-0001.json',
      record('GHSA-0001', '2024-07-01T00:00:00Z', { summary: 'revised' }),
    );
    expect(await importAdvisories(store, local, [newer])).toMatchObject({ updated: 1 });
    const older = write(
      'older/GHSA-0001.json',
      record('GHSA-0001', '2023-01-01T00:00:00Z', { summary: 'stale' }),
    );
    expect(await importAdvisories(store, local, [older])).toMatchObject({ updated: 0, unchanged: 1 });
    const kept = (await store.repos.advisories.get('GHSA-0001'))?.record as { summary: string };
    expect(kept.summary).toBe('revised');
    const rows = await store.repos.advisories.affectedFor([
      { ecosystem: 'PyPI', name: 'django-rest-framework' },
    ]);
    expect(rows.filter((r) => r.advisoryId === 'GHSA-0001')).toHaveLength(1);
  });

  it('reads osv.dev zip dumps', async () => {
    const zip = zipSync({
      'GHSA-0100.json': strToU8(JSON.stringify(record('GHSA-0100', '2024-05-01T00:00:00Z'))),
      'GHSA-0101.json': strToU8(JSON.stringify(record('GHSA-0101', '2024-05-01T00:00:00Z'))),
    });
    const file = write('dumps/PyPI-all.zip', Buffer.from(zip));
    expect(await importAdvisories(store, local, [file])).toMatchObject({ read: 2, inserted: 2 });
    expect(await store.repos.advisories.count()).toBe(4);
  });

  it.each([
    ['path traversal', { '../evil.json': strToU8('{}') }, 'ERR_OSPO_ZIP_TRAVERSAL'],
    ['an absolute path', { '/etc/evil.json': strToU8('{}') }, 'ERR_OSPO_ZIP_TRAVERSAL'],
    ['a decompression bomb', { 'bomb.json': new Uint8Array(80 * 1024 * 1024) }, 'ERR_OSPO_ZIP_BOMB'],
  ])('refuses a zip with %s before storing anything', async (_what, files, code) => {
    const before = await store.repos.advisories.count();
    const ok = { 'GHSA-0200.json': strToU8(JSON.stringify(record('GHSA-0200', '2024-05-01T00:00:00Z'))) };
    const file = write(
      `bad/${code}-${Object.keys(files)[0]?.length}.zip`,
      Buffer.from(zipSync({ ...ok, ...files })),
    );
    expect(await codeOf(importAdvisories(store, local, [file]))).toBe(code);
    expect(await store.repos.advisories.count()).toBe(before);
  });

  it('refuses a zip holding a symbolic link', async () => {
    const zip = Buffer.from(
      zipSync({ 'link.json': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }),
    );
    const file = write('bad/link.zip', zip);
    expect(await codeOf(importAdvisories(store, local, [file]))).toBe('ERR_OSPO_ZIP_LINK');
  });

  it('reports a file that is not a zip', async () => {
    const file = write('bad/not.zip', 'just text');
    expect(await codeOf(importAdvisories(store, local, [file]))).toBe('ERR_OSPO_ZIP');
  });

  it('refreshes the planner statistics after a large import, not after a small one', async () => {
    const { store: own, dispose: close } = await pgliteBackend.fresh();
    try {
      const analyzed = async () =>
        Number(
          (
            await sql<{ n: string }>`select count(*)::text as n from pg_stats
              where tablename = 'advisory_affected'`.execute(own.database.db)
          ).rows[0]?.n,
        );
      const entries = (from: number, count: number) =>
        Object.fromEntries(
          Array.from({ length: count }, (_, i) => {
            const id = `GHSA-${String(from + i).padStart(5, '0')}`;
            return [`${id}.json`, strToU8(JSON.stringify(record(id, '2024-05-01T00:00:00Z')))];
          }),
        );
      const small = write('stats/small.zip', Buffer.from(zipSync(entries(0, 10))));
      expect(await importAdvisories(own, local, [small])).toMatchObject({ inserted: 10 });
      expect(await analyzed()).toBe(0);
      const large = write('stats/large.zip', Buffer.from(zipSync(entries(10, 1000))));
      expect(await importAdvisories(own, local, [large])).toMatchObject({ inserted: 1000 });
      expect(await analyzed()).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
});
