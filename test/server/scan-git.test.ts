import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorRef } from '../../src/jobs/actor.js';
import { scanGitHandler } from '../../src/jobs/handlers/scan-git.js';
import type { JobContext, JobQueue } from '../../src/jobs/queue.js';
import { startJobs } from '../../src/jobs/worker.js';
import { createApp } from '../../src/server/app.js';
import { checkGitRef, checkGitUrl, redactUrl } from '../../src/services/inventory/git-source.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { followJob, submitAndFollow } from '../support/jobs.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
const local = { kind: 'local', name: 'test' } as const;
let store: OpenStore;
let dispose: () => Promise<void>;
let jobs: JobQueue;
let app: ReturnType<typeof createApp>;
let root: string;
/** Where the worker makes its temporary checkouts: empty whenever no clone runs. */
let workDir: string;
let server: FakeGitServer;
let projectId: string;
let memberUser: Awaited<ReturnType<typeof createUser>>;
const commits: Record<string, string> = {};

/**
 * A smart-HTTP git server on 127.0.0.1: `git http-backend` as CGI behind node's http server, over the
 * bare repositories in `projectRoot`. Paths under /hang/ are never answered.
 */
interface FakeGitServer {
  origin: string;
  host: string;
  /** The Authorization header of each request, or null. */
  authorizations: (string | null)[];
  close(): Promise<void>;
}

async function startGitServer(projectRoot: string): Promise<FakeGitServer> {
  const authorizations: (string | null)[] = [];
  const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    authorizations.push(req.headers.authorization ?? null);
    if (url.pathname.startsWith('/hang/')) return; // never answered: a host that does not respond
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-type'] ? { CONTENT_TYPE: req.headers['content-type'] } : {}),
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { HTTP_GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    };
    const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    req.pipe(cgi.stdin);
    const out: Buffer[] = [];
    cgi.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    cgi.on('close', () => {
      const all = Buffer.concat(out);
      let split = all.indexOf('\r\n\r\n');
      let gap = 4;
      if (split < 0) {
        split = all.indexOf('\n\n');
        gap = 2;
      }
      const head = all.subarray(0, Math.max(0, split)).toString('latin1');
      let status = 200;
      for (const line of head.split(/\r?\n/)) {
        const at = line.indexOf(':');
        if (at < 0) continue;
        const name = line.slice(0, at).trim();
        const value = line.slice(at + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.end(split < 0 ? all : all.subarray(split + gap));
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    authorizations,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-git-test-'));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-git-work-'));
  // a repository: v1 (Cargo.lock) and main after it on one line, feature (adds package-lock.json) beside
  const work = path.join(root, 'work');
  fs.mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main');
  fs.copyFileSync(
    path.resolve('src/modules/ecosystems/cargo-lock/__fixtures__/v3-workspace.lock'),
    path.join(work, 'Cargo.lock'),
  );
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'first');
  git(work, 'tag', 'v1');
  commits.v1 = git(work, 'rev-parse', 'HEAD');
  fs.writeFileSync(path.join(work, 'README'), 'hello\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'second');
  commits.main = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', '-b', 'feature');
  fs.copyFileSync(
    path.resolve('src/modules/ecosystems/npm-package-lock/__fixtures__/v3-nested.json'),
    path.join(work, 'package-lock.json'),
  );
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'npm too');
  commits.feature = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  fs.mkdirSync(path.join(root, 'srv'));
  git(root, 'clone', '-q', '--bare', work, path.join(root, 'srv/demo.git'));
  server = await startGitServer(path.join(root, 'srv'));

  ({ store, dispose } = await pgliteBackend.fresh());
  const hosts = [server.host, 'file'];
  jobs = await startJobs(store, {
    workers: { concurrency: 1 },
    handlers: {
      version: 'test',
      scanRoots: [],
      git: { hosts, timeoutMs: 4000, workDir },
      advisories: { cacheDir: path.join(root, 'mirror') },
    },
    pollingIntervalSeconds: 0.5,
  });
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, scanGitHosts: hosts, jobs });
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const user = await createUser(store, local, {
      email: `${role}@example.com`,
      name: role,
      role,
      password: PASSWORD,
    });
    if (role === 'member') memberUser = user;
  }
  projectId = (await createProject(store, local, { name: 'cloned' })).id;
});

afterAll(async () => {
  await jobs?.stop({ graceMs: 1000 });
  await server?.close();
  await dispose?.();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function as(role: string, on = app): Promise<Client> {
  const client = new Client(on);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

const scansUrl = () => `/api/v1/projects/${projectId}/scans`;

async function scanCount(): Promise<number> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from scans`.execute(store.database.db);
  return rows.rows[0]?.n ?? 0;
}

/** Poll until check holds; a generous limit, no timing. */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const workDirEmpty = () => fs.readdirSync(workDir).length === 0;

describe('git URLs a scan may clone', () => {
  it('allows https to listed hosts (or any with *), http only to hosts listed by name, file only with `file`', () => {
    expect(checkGitUrl('https://github.com/o/r.git', ['github.com'])).toMatchObject({
      url: 'https://github.com/o/r.git',
      protocol: 'https',
      credentials: null,
    });
    expect(checkGitUrl('https://git.example.com/o/r', ['*']).protocol).toBe('https');
    expect(() => checkGitUrl('http://git.example.com/o/r', ['*'])).toThrow(/not allowed/);
    expect(checkGitUrl('http://10.0.0.5:8080/r.git', ['10.0.0.5']).protocol).toBe('http');
    expect(() => checkGitUrl('https://gitlab.com/o/r', ['github.com'])).toThrow(/not allowed/);
    expect(() => checkGitUrl('file:///srv/r.git', ['github.com'])).toThrow(/not allowed/);
    expect(checkGitUrl('file:///srv/r.git', ['file']).url).toBe('file:///srv/r.git');
    const refused = (url: string, hosts = ['*', 'file']) => {
      try {
        checkGitUrl(url, hosts);
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'accepted';
    };
    expect(refused('https://github.com/o/r', [])).toBe('ERR_OSPO_SCAN_GIT_HOST');
    for (const url of [
      'ssh://git@github.com/o/r.git',
      'git@github.com:o/r.git',
      'ext::sh -c touch% /tmp/pwned',
      'ext::sh',
      '-uhttps://github.com/o/r',
      '--upload-pack=touch /tmp/x',
      'git://github.com/o/r.git',
      'https://github.com/',
      ' https://github.com/o/r',
      'file://otherhost/srv/r.git',
    ]) {
      expect(refused(url), url).toBe('ERR_OSPO_SCAN_GIT_URL');
    }
  });

  it('takes userinfo out of the URL, keeping it apart as credentials', () => {
    const checked = checkGitUrl('https://ci:s%3Acret@github.com/o/r.git', ['github.com']);
    expect(checked.url).toBe('https://github.com/o/r.git');
    expect(checked.credentials).toEqual({ username: 'ci', password: 's:cret' });
    expect(redactUrl('https://ci:secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(redactUrl('not a url //u:p@x')).toBe('not a url //x');
  });

  it('accepts branch and tag names, and nothing git could take for an option', () => {
    expect(checkGitRef(undefined)).toBeNull();
    expect(checkGitRef('release/1.2')).toBe('release/1.2');
    for (const ref of ['-b', '--upload-pack=x', '../x', 'a..b', 'a b', 'x.lock', 'a@{1}', '/x']) {
      expect(() => checkGitRef(ref), ref).toThrow(/not a branch or tag/);
    }
  });
});

describe('scan.git jobs', () => {
  it('refuses git scans where OSPO_SCAN_GIT_HOSTS is unset, naming the setting, before queueing', async () => {
    const off = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, jobs });
    const member = await as('member', off);
    const res = await member.call('POST', scansUrl(), { git: { url: `${server.origin}/demo.git` } });
    expect(res.status).toBe(403);
    const problem = (await res.json()) as { code: string; hint: string };
    expect(problem.code).toBe('ERR_OSPO_SCAN_GIT_HOST');
    expect(problem.hint).toContain('OSPO_SCAN_GIT_HOSTS');
    expect((await jobs.list({ limit: 10, name: 'scan.git' })).items).toEqual([]);
  });

  it('refuses URLs it may not clone and bad refs with coded problems', async () => {
    const member = await as('member');
    const cases: [unknown, number, string][] = [
      [{ url: 'ssh://git@127.0.0.1/demo.git' }, 400, 'ERR_OSPO_SCAN_GIT_URL'],
      [{ url: 'ext::sh -c id' }, 400, 'ERR_OSPO_SCAN_GIT_URL'],
      [{ url: '-uhttp://127.0.0.1/x' }, 400, 'ERR_OSPO_SCAN_GIT_URL'],
      [{ url: 'https://github.com/o/r.git' }, 403, 'ERR_OSPO_SCAN_GIT_HOST'],
      [{ url: 'http://localhost/demo.git' }, 403, 'ERR_OSPO_SCAN_GIT_HOST'],
      [{ url: `${server.origin}/demo.git`, ref: '--upload-pack=id' }, 400, 'ERR_OSPO_SCAN_GIT_REF'],
      // file:// reads the server's disk: only for those who may scan server folders
      [{ url: `file://${root}/srv/demo.git` }, 403, 'ERR_OSPO_FORBIDDEN'],
      [{ url: '' }, 400, 'ERR_OSPO_VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await member.call('POST', scansUrl(), { git: body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { code: string }).code, JSON.stringify(body)).toBe(code);
    }
    const viewer = await as('viewer');
    expect(
      (await viewer.call('POST', scansUrl(), { git: { url: `${server.origin}/demo.git` } })).status,
    ).toBe(403);
    expect((await jobs.list({ limit: 10, name: 'scan.git' })).items).toEqual([]);
  });

  it('clones over smart HTTP, scans, and keeps the commit, the branch and the URL without its password', async () => {
    const member = await as('member');
    const before = server.authorizations.length;
    const url = `${server.origin.replace('//', '//ci:s3cret-token@')}/demo.git`;
    const { accepted, job } = await submitAndFollow(member, scansUrl(), { git: { url } });
    const clean = `${server.origin}/demo.git`;
    expect(await accepted.json()).toMatchObject({
      job: { name: 'scan.git', summary: { project: 'cloned', url: clean } },
    });
    expect(job.state, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({
      scan: { source: 'path', packageCount: 3, fileCount: 1, vcsCommit: commits.main, vcsBranch: 'main' },
      source: { url: clean, ref: null, commit: commits.main, branch: 'main' },
    });
    expect(job.progress?.message).toBe('saved and matched');
    // the credentials went to the server as Basic auth, and are kept nowhere
    const basic = `Basic ${Buffer.from('ci:s3cret-token').toString('base64')}`;
    expect(server.authorizations.slice(before)).toContain(basic);
    expect(JSON.stringify(job)).not.toContain('s3cret');
    const queued = await sql<{ data: unknown }>`select data from pgboss.job where id = ${job.id}`.execute(
      store.database.db,
    );
    expect(JSON.stringify(queued.rows)).toContain(clean);
    expect(JSON.stringify(queued.rows)).not.toContain('s3cret');
    const uploads = await sql<{ n: number }>`select count(*)::int as n from job_uploads`.execute(
      store.database.db,
    );
    expect(uploads.rows[0]?.n).toBe(0);
    const [entry] = await store.repos.audit.list({ limit: 1, action: 'scan.create' });
    expect(entry?.details).toMatchObject({ origin: clean, commit: commits.main, branch: 'main' });
    expect(JSON.stringify(entry)).not.toContain('s3cret');
    // files are named inside the checkout, which is gone
    const scanId = (job.result as { scan: { id: string } }).scan.id;
    const detail = (await (await member.call('GET', `/api/v1/scans/${scanId}`)).json()) as {
      files: { path: string }[];
    };
    expect(detail.files.map((f) => f.path)).toEqual(['Cargo.lock']);
    expect(workDirEmpty()).toBe(true);
  });

  it('clones a branch or a tag when asked, and file:// URLs for admins when `file` is listed', async () => {
    const member = await as('member');
    const feature = await submitAndFollow(member, scansUrl(), {
      git: { url: `${server.origin}/demo.git`, ref: 'feature' },
    });
    expect(feature.job.result?.scan).toMatchObject({
      vcsCommit: commits.feature,
      vcsBranch: 'feature',
      fileCount: 2,
    });
    const tag = await submitAndFollow(member, scansUrl(), {
      git: { url: `${server.origin}/demo.git`, ref: 'v1' },
    });
    expect(tag.job.result?.scan).toMatchObject({ vcsCommit: commits.v1, vcsBranch: null, packageCount: 3 });
    const admin = await as('admin');
    const viaFile = await admin.call('POST', `${scansUrl()}?wait=true`, {
      git: { url: `file://${root}/srv/demo.git` },
    });
    expect(viaFile.status, await viaFile.clone().text()).toBe(201);
    expect(await viaFile.json()).toMatchObject({ vcsCommit: commits.main, vcsBranch: 'main' });
    expect(workDirEmpty()).toBe(true);
  });

  it('fails the job with a coded error and a hint when the clone fails, and stores nothing', async () => {
    const member = await as('member');
    const scans = await scanCount();
    const missing = await submitAndFollow(member, scansUrl(), { git: { url: `${server.origin}/nope.git` } });
    expect(missing.job).toMatchObject({
      state: 'failed',
      result: null,
      error: { code: 'ERR_OSPO_SCAN_GIT_CLONE' },
    });
    expect(missing.job.error?.hint).toBeTruthy();
    const noRef = await submitAndFollow(member, scansUrl(), {
      git: { url: `${server.origin}/demo.git`, ref: 'no-such-branch' },
    });
    expect(noRef.job.error).toMatchObject({ code: 'ERR_OSPO_SCAN_GIT_CLONE' });
    expect(noRef.job.error?.hint).toContain('no-such-branch');
    const hung = await member.call('POST', `${scansUrl()}?wait=true`, {
      git: { url: `${server.origin}/hang/demo.git` },
    });
    expect(hung.status).toBe(503);
    expect(((await hung.json()) as { code: string }).code).toBe('ERR_OSPO_SCAN_GIT_TIMEOUT');
    expect(await scanCount()).toBe(scans);
    expect(workDirEmpty()).toBe(true);
  });

  it('checks the URL again on the worker, against its own setting', async () => {
    const member = memberUser;
    const handler = scanGitHandler(store, { version: 'test', git: { hosts: ['github.com'] } });
    const data = {
      actor: actorRef({ kind: 'user', user: member }),
      projectId,
      url: `${server.origin}/demo.git`,
      ref: null,
    };
    await expect(handler({ id: 'x', name: 'scan.git', data }, context())).rejects.toMatchObject({
      code: 'ERR_OSPO_SCAN_GIT_HOST',
    });
  });

  it('stops without saving when cancelled between cloning and saving, and removes the checkout', async () => {
    const handler = scanGitHandler(store, { version: 'test', git: { hosts: [server.host], workDir } });
    const scans = await scanCount();
    const cancel = new AbortController();
    const ctx = context(cancel.signal, (message) => {
      if (message === 'scanning') cancel.abort(); // cancelled just after the clone
    });
    const data = { actor: actorRef(local), projectId, url: `${server.origin}/demo.git`, ref: null };
    await expect(handler({ id: 'x', name: 'scan.git', data }, ctx)).rejects.toMatchObject({
      code: 'ERR_OSPO_JOB_CANCELLED',
    });
    expect(await scanCount()).toBe(scans);
    expect(workDirEmpty()).toBe(true);
  });

  it('cancels a clone under way: git is stopped, nothing is kept, a waiting request is told', async () => {
    const member = await as('member');
    const waiting = member.call('POST', `${scansUrl()}?wait=true`, {
      git: { url: `${server.origin}/hang/slow.git` },
    });
    let id = '';
    await until(async () => {
      const [job] = (await jobs.list({ limit: 1, name: 'scan.git' })).items;
      id = job?.progress?.message.startsWith('cloning') && job.state === 'active' ? job.id : '';
      return id !== '';
    }, 'the clone to start');
    const cancelled = await member.call('POST', `/api/v1/jobs/${id}/cancel`);
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id, state: 'cancelled' });
    const answer = await waiting;
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { code: string }).code).toBe('ERR_OSPO_JOB_CANCELLED');
    await until(workDirEmpty, 'the checkout to be removed');
    expect((await followJob(member, `/api/v1/jobs/${id}`)).state).toBe('cancelled');
  });
});

function context(signal = new AbortController().signal, onProgress?: (message: string) => void): JobContext {
  return {
    progress: (p) => onProgress?.(p.message),
    attachment: async () => null,
    signal,
  };
}
