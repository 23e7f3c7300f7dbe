import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorOutcome } from '../../../core/advisories.js';
import { InputError, type OspoError, SourceUnavailableError } from '../../../core/errors.js';
import { type DownloadProgress, osvMirror } from './index.js';
import { type DumpRoute, type FakeMirror, fixtureDump, startFakeMirror } from './test-support.js';

let mirror: FakeMirror;
let root: string;
let caches = 0;

beforeAll(async () => {
  mirror = await startFakeMirror();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-osv-mirror-'));
});
afterAll(async () => {
  await mirror.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const freshCache = () => path.join(root, `cache-${++caches}`);
const download = (
  cacheDir: string,
  ecosystems: string[],
  extra: Partial<Parameters<typeof osvMirror.download>[0]> = {},
) => osvMirror.download({ baseUrl: mirror.origin, cacheDir, ecosystems, ...extra });
const readMeta = (file: string) =>
  JSON.parse(fs.readFileSync(`${file}.meta`, 'utf8')) as Record<string, unknown>;
const leftovers = (dir: string) =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.part'));
const fileOf = (outcome: MirrorOutcome | undefined) => outcome?.file ?? 'no file';

/** A body that starts like a zip, so only its size can be held against it. */
const zipLike = (bytes: number) => {
  const body = new Uint8Array(bytes).fill(7);
  body.set([0x50, 0x4b, 3, 4]);
  return body;
};

describe('osv-mirror download', () => {
  it('downloads each ecosystem into <cache>/<ecosystem>/all.zip, with progress and its validators', async () => {
    const npm = fixtureDump('npm');
    const pypi = fixtureDump('PyPI');
    mirror.route('npm', { body: npm, etag: '"npm-1"' });
    mirror.route('PyPI', { body: pypi, lastModified: 'Wed, 01 May 2024 00:00:00 GMT' });
    const cache = freshCache();
    const progress: DownloadProgress[] = [];
    const outcomes = await download(cache, ['npm', 'PyPI'], { onProgress: (p) => progress.push(p) });

    expect(outcomes.map((o) => [o.ecosystem, o.status, o.bytes])).toEqual([
      ['npm', 'updated', npm.length],
      ['PyPI', 'updated', pypi.length],
    ]);
    expect(fileOf(outcomes[0])).toBe(path.join(cache, 'npm', 'all.zip'));
    expect(new Uint8Array(fs.readFileSync(fileOf(outcomes[0])))).toEqual(npm);
    expect(readMeta(fileOf(outcomes[0]))).toMatchObject({
      etag: '"npm-1"',
      bytes: npm.length,
      imported: false,
    });
    expect(readMeta(fileOf(outcomes[1]))).toMatchObject({
      etag: null,
      lastModified: 'Wed, 01 May 2024 00:00:00 GMT',
    });
    const npmProgress = progress.filter((p) => p.ecosystem === 'npm');
    expect(npmProgress[0]).toEqual({ ecosystem: 'npm', received: 0, total: npm.length });
    expect(npmProgress.at(-1)).toEqual({ ecosystem: 'npm', received: npm.length, total: npm.length });
    expect(leftovers(cache)).toEqual([]);
  });

  it('asks conditionally next time: a 304 is `unchanged` once confirmed, `updated` until then', async () => {
    mirror.route('Go', { body: fixtureDump('npm'), etag: '"go-1"' });
    mirror.route('Hex', { body: fixtureDump('PyPI'), lastModified: 'Thu, 02 May 2024 00:00:00 GMT' });
    const cache = freshCache();
    await download(cache, ['Go', 'Hex']);
    const seen = mirror.requests.length;

    // not confirmed: the records may never have been taken in, so the zip is still news
    const pending = await download(cache, ['Go', 'Hex']);
    expect(pending.map((o) => [o.status, o.bytes])).toEqual([
      ['updated', 0],
      ['updated', 0],
    ]);
    for (const outcome of pending) await osvMirror.confirm(outcome);
    const again = await download(cache, ['Go', 'Hex']);
    expect(again.map((o) => [o.status, o.bytes])).toEqual([
      ['unchanged', 0],
      ['unchanged', 0],
    ]);
    expect(
      mirror.requests
        .slice(seen)
        .map((r) => [r.ecosystem, r.ifNoneMatch, r.ifModifiedSince, r.status, r.sent]),
    ).toEqual([
      ['Go', '"go-1"', null, 304, 0],
      ['Hex', null, 'Thu, 02 May 2024 00:00:00 GMT', 304, 0],
      ['Go', '"go-1"', null, 304, 0],
      ['Hex', null, 'Thu, 02 May 2024 00:00:00 GMT', 304, 0],
    ]);
  });

  it('downloads again when the ETag changed, with force, or when the copy came from another URL', async () => {
    const cache = freshCache();
    mirror.route('Pub', { body: fixtureDump('npm'), etag: '"pub-1"' });
    const [first] = await download(cache, ['Pub']);
    if (first) await osvMirror.confirm(first);

    const newer = fixtureDump('npm', [{ id: 'GHSA-mirr-or00-0003' }]);
    mirror.route('Pub', { body: newer, etag: '"pub-2"' });
    expect((await download(cache, ['Pub']))[0]).toMatchObject({ status: 'updated', bytes: newer.length });
    expect(readMeta(path.join(cache, 'Pub', 'all.zip'))).toMatchObject({ etag: '"pub-2"', imported: false });

    const seen = mirror.requests.length;
    expect((await download(cache, ['Pub'], { force: true }))[0]).toMatchObject({ status: 'updated' });
    const other = `${mirror.origin.replace('127.0.0.1', 'localhost')}/`;
    expect((await download(cache, ['Pub'], { baseUrl: other }))[0]).toMatchObject({ status: 'updated' });
    expect(mirror.requests.slice(seen).map((r) => [r.ifNoneMatch, r.status])).toEqual([
      [null, 200],
      [null, 200],
    ]);
  });

  const limit = 64 * 1024;
  const failures: [string, DumpRoute, string][] = [
    [
      'an ecosystem the mirror does not have (404)',
      { status: 404, body: 'NoSuchKey' },
      'ERR_OSPO_SYNC_UNKNOWN_ECOSYSTEM',
    ],
    ['a server error (500)', { status: 500, body: 'backend error' }, 'ERR_OSPO_SYNC_HTTP'],
    ['a connection reset half-way', { body: zipLike(limit / 2), cutAfter: 1000 }, 'ERR_OSPO_SYNC_TRUNCATED'],
    [
      'a content-length over the limit',
      { body: zipLike(100), contentLength: limit + 1 },
      'ERR_OSPO_SYNC_TOO_LARGE',
    ],
    ['a chunked body over the limit', { body: zipLike(limit * 2), chunked: true }, 'ERR_OSPO_SYNC_TOO_LARGE'],
    ['an HTML page instead of a zip', { body: '<html>Sign in to the Wi-Fi</html>' }, 'ERR_OSPO_SYNC_NOT_ZIP'],
    ['a mirror that never answers', { hang: true }, 'ERR_OSPO_SYNC_TIMEOUT'],
  ];

  it.each(failures)(
    '%s: fails with its code, keeps the previous copy, and the others go on',
    async (_, route, code) => {
      const cache = freshCache();
      const previous = fixtureDump('PyPI');
      mirror.route('CRAN', { body: previous, etag: '"cran-1"' });
      const [seeded] = await download(cache, ['CRAN']);
      if (seeded) await osvMirror.confirm(seeded);
      const zip = path.join(cache, 'CRAN', 'all.zip');
      const metaBefore = fs.readFileSync(`${zip}.meta`, 'utf8');

      mirror.route('CRAN', route);
      mirror.route('NuGet', { body: fixtureDump('npm') });
      const outcomes = await download(cache, ['CRAN', 'NuGet'], { maxBytes: limit, timeoutMs: 300 });

      const failed = outcomes[0];
      expect(failed?.status).toBe('failed');
      const error = (failed as { error: OspoError }).error;
      expect(error).toBeInstanceOf(SourceUnavailableError);
      expect(error.code).toBe(code);
      expect(error.hint).toMatch(/\w/);
      expect(failed?.file).toBe(zip);
      expect(outcomes[1]).toMatchObject({ ecosystem: 'NuGet', status: 'updated' });
      expect(new Uint8Array(fs.readFileSync(zip))).toEqual(previous);
      expect(fs.readFileSync(`${zip}.meta`, 'utf8')).toBe(metaBefore);
      expect(leftovers(cache)).toEqual([]);
    },
  );

  it('points a 404 at the list of ecosystems the mirror has', async () => {
    const [outcome] = await download(freshCache(), ['NoSuchEcosystem']);
    expect(outcome).toMatchObject({ status: 'failed', file: null, bytes: 0 });
    expect((outcome as { error: OspoError }).error.hint).toContain(`${mirror.origin}/ecosystems.txt`);
  });

  it('says so when the mirror cannot be reached at all', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [outcome] = await download(freshCache(), ['npm'], { baseUrl: `http://127.0.0.1:${port}` });
    expect((outcome as { error: OspoError }).error.code).toBe('ERR_OSPO_SYNC_NETWORK');
  });

  it('keeps an ecosystem with a colon or a space in a folder of its own, encoded', async () => {
    mirror.route('Debian:12', { body: fixtureDump('npm') });
    const cache = freshCache();
    const [outcome] = await download(cache, ['Debian:12']);
    expect(fileOf(outcome)).toBe(path.join(cache, 'Debian%3A12', 'all.zip'));
  });

  it.each([
    ['a URL that is not http(s)', { baseUrl: 'ftp://mirror.example/osv' }, ['npm'], 'ERR_OSPO_CONFIG'],
    ['a name with a slash', {}, ['npm', '../etc'], 'ERR_OSPO_SYNC_ECOSYSTEM'],
    ['an empty name', {}, [''], 'ERR_OSPO_SYNC_ECOSYSTEM'],
  ])('refuses %s as a whole, before going online', async (_, extra, ecosystems, code) => {
    const seen = mirror.requests.length;
    const error = await download(freshCache(), ecosystems, extra).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as OspoError).code).toBe(code);
    expect(mirror.requests.length).toBe(seen);
  });
});
