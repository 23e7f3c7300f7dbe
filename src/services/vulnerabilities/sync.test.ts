import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend } from '../../../test/support/stores.js';
import type { OspoError } from '../../core/errors.js';
import { osvMirror } from '../../modules/advisories/index.js';
import {
  type FakeMirror,
  fixtureDump,
  startFakeMirror,
} from '../../modules/advisories/osv-mirror/test-support.js';
import type { OpenStore } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { DEFAULT_SYNC_ECOSYSTEMS, syncAdvisories } from './sync.js';

const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let mirror: FakeMirror;
let root: string;
let caches = 0;

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  mirror = await startFakeMirror();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-sync-'));
});
afterAll(async () => {
  await dispose();
  await mirror.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const freshCache = () => path.join(root, `cache-${++caches}`);
const sync = (cacheDir: string, ecosystems: string[], actor: Actor = local) =>
  syncAdvisories(store, actor, { baseUrl: mirror.origin, cacheDir, ecosystems });
const statuses = (report: Awaited<ReturnType<typeof sync>>) =>
  report.ecosystems.map((e) => [e.ecosystem, e.status, e.error?.code ?? null]);
const record = (id: string, ecosystem: string, modified: string) => ({
  schema_version: '1.6.0',
  id,
  modified,
  affected: [{ package: { ecosystem, name: 'synced-pkg' }, versions: ['1.0.0'] }],
});

describe('syncAdvisories', () => {
  it('downloads and imports what changed; a second sync with the same ETags downloads and imports nothing', async () => {
    mirror.route('npm', { body: fixtureDump('npm'), etag: '"npm-1"' });
    mirror.route('PyPI', { body: fixtureDump('PyPI'), etag: '"pypi-1"' });
    const cache = freshCache();
    const first = await sync(cache, ['npm', 'PyPI']);
    expect(statuses(first)).toEqual([
      ['npm', 'updated', null],
      ['PyPI', 'updated', null],
    ]);
    expect(first.ecosystems[0]?.bytes).toBeGreaterThan(0);
    expect(first.import).toMatchObject({ read: 3, inserted: 3, updated: 0, skipped: [] });
    const rows = await store.repos.advisories.affectedFor([
      { ecosystem: 'PyPI', name: 'mirrored-flask-utils' },
    ]);
    expect(rows.map((r) => r.advisoryId)).toEqual(['PYSEC-2024-9001']);

    const seen = mirror.requests.length;
    const second = await sync(cache, ['npm', 'PyPI']);
    expect(statuses(second)).toEqual([
      ['npm', 'unchanged', null],
      ['PyPI', 'unchanged', null],
    ]);
    expect(second.ecosystems.map((e) => e.bytes)).toEqual([0, 0]);
    expect(second.import).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [] });
    expect(mirror.requests.slice(seen).map((r) => [r.ifNoneMatch, r.status, r.sent])).toEqual([
      ['"npm-1"', 304, 0],
      ['"pypi-1"', 304, 0],
    ]);
    const [audit] = await store.repos.audit.list({ limit: 1, targetType: 'advisories' });
    expect(audit).toMatchObject({ action: 'advisories.sync' });
  });

  it('imports a newer dump over the stored records when its ETag changed', async () => {
    const cache = freshCache();
    mirror.route('Go', { body: zipSync({}), etag: '"go-1"' });
    await sync(cache, ['Go']);
    const newer = fixtureDump('npm', [record('GO-2024-9001', 'Go', '2024-06-01T00:00:00Z')]);
    mirror.route('Go', { body: newer, etag: '"go-2"' });
    const report = await sync(cache, ['Go']);
    expect(statuses(report)).toEqual([['Go', 'updated', null]]);
    expect(report.import).toMatchObject({ read: 3, inserted: 1, unchanged: 2 });
  });

  it('reports an ecosystem that fails, syncs the others, and keeps the previous zip and its records', async () => {
    const cache = freshCache();
    const good = fixtureDump('npm', [record('RUSTSEC-2024-9001', 'crates.io', '2024-05-01T00:00:00Z')]);
    mirror.route('crates.io', { body: good, etag: '"crates-1"' });
    await sync(cache, ['crates.io']);

    mirror.route('crates.io', { status: 500, body: 'backend error' });
    mirror.route('Hex', { body: fixtureDump('PyPI'), etag: '"hex-1"' });
    const report = await sync(cache, ['crates.io', 'Nope', 'Hex']);
    expect(statuses(report)).toEqual([
      ['crates.io', 'failed', 'ERR_OSPO_SYNC_HTTP'],
      ['Nope', 'failed', 'ERR_OSPO_SYNC_UNKNOWN_ECOSYSTEM'],
      ['Hex', 'updated', null],
    ]);
    expect(report.ecosystems[0]?.error?.hint).toMatch(/try again later/);
    const kept = path.join(cache, 'crates.io', 'all.zip');
    expect(report.ecosystems[0]?.file).toBe(kept);
    expect(new Uint8Array(fs.readFileSync(kept))).toEqual(good);
    expect(await store.repos.advisories.get('RUSTSEC-2024-9001')).not.toBeNull();
  });

  it('imports from the cache a zip that was downloaded but never imported, without downloading it again', async () => {
    const cache = freshCache();
    mirror.route('Pub', {
      body: fixtureDump('npm', [record('PUB-2024-9001', 'Pub', '2024-05-01T00:00:00Z')]),
      etag: '"pub-1"',
    });
    // as if the process had died between the download and the import
    await osvMirror.download({ baseUrl: mirror.origin, cacheDir: cache, ecosystems: ['Pub'] });
    const seen = mirror.requests.length;
    const report = await sync(cache, ['Pub']);
    expect(report.ecosystems).toMatchObject([{ ecosystem: 'Pub', status: 'updated', bytes: 0 }]);
    expect(await store.repos.advisories.get('PUB-2024-9001')).not.toBeNull();
    expect(mirror.requests.slice(seen).map((r) => r.status)).toEqual([304]);
    expect(statuses(await sync(cache, ['Pub']))).toEqual([['Pub', 'unchanged', null]]);
  });

  it('reports a dump that the import refuses, and tries it again next time', async () => {
    const cache = freshCache();
    const evil = zipSync({
      '../escape.json': strToU8(JSON.stringify(record('EVIL-1', 'CRAN', '2024-05-01T00:00:00Z'))),
    });
    mirror.route('CRAN', { body: evil, etag: '"cran-1"' });
    expect(statuses(await sync(cache, ['CRAN']))).toEqual([['CRAN', 'failed', 'ERR_OSPO_ZIP_TRAVERSAL']]);
    // not confirmed: the mirror answers 304 and the import is tried again, and refused again
    expect(statuses(await sync(cache, ['CRAN']))).toEqual([['CRAN', 'failed', 'ERR_OSPO_ZIP_TRAVERSAL']]);
    expect(await store.repos.advisories.get('EVIL-1')).toBeNull();
  });

  it('syncs the default ecosystems when none are named', async () => {
    const seen = mirror.requests.length;
    const report = await syncAdvisories(store, local, { baseUrl: mirror.origin, cacheDir: freshCache() });
    expect(report.ecosystems.map((e) => e.ecosystem)).toEqual([...DEFAULT_SYNC_ECOSYSTEMS]);
    expect(mirror.requests.slice(seen).map((r) => r.ecosystem)).toEqual([...DEFAULT_SYNC_ECOSYSTEMS]);
  });

  it('needs advisories:write, and asks nothing of the mirror without it', async () => {
    const viewer: Actor = {
      kind: 'user',
      user: {
        id: '00000000-0000-4000-8000-000000000001',
        email: 'viewer@example.com',
        name: 'Viewer',
        role: 'viewer',
        createdAt: '2024-01-01T00:00:00Z',
      },
    };
    const seen = mirror.requests.length;
    const code = await sync(freshCache(), ['npm'], viewer).then(
      () => 'no error',
      (e: OspoError) => e.code,
    );
    expect(code).toBe('ERR_OSPO_FORBIDDEN');
    expect(mirror.requests.length).toBe(seen);
  });
});
