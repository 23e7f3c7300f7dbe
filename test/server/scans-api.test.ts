import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { startTestJobs, submitAndFollow } from '../support/jobs.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
let stopJobs: () => Promise<void>;
let jobs: Awaited<ReturnType<typeof startTestJobs>>['jobs'];
let app: ReturnType<typeof createApp>;
let scanRoot: string;
let projectId: string;

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  scanRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-scanroot-'));
  fs.mkdirSync(path.join(scanRoot, 'repo'));
  fs.copyFileSync(
    path.resolve('src/modules/ecosystems/cargo-lock/__fixtures__/v3-workspace.lock'),
    path.join(scanRoot, 'repo/Cargo.lock'),
  );
  ({ jobs, stop: stopJobs } = await startTestJobs(store, { scanRoots: [scanRoot] }));
  app = createApp({
    store,
    version: 'test',
    storeKind: 'pglite',
    webRoot: null,
    scanRoots: [scanRoot],
    jobs,
  });
  const local = { kind: 'local', name: 'test' } as const;
  for (const role of ['admin', 'ospo', 'member', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  projectId = (await createProject(store, local, { name: 'rusty' })).id;
});
afterAll(async () => {
  await stopJobs();
  await dispose();
  fs.rmSync(scanRoot, { recursive: true, force: true });
});

async function as(role: string): Promise<Client> {
  const client = new Client(app);
  expect((await client.login(`${role}@example.com`, PASSWORD)).status).toBe(200);
  return client;
}

describe('scans API', () => {
  it('lets an admin scan a folder inside OSPO_SCAN_ROOTS, and nobody outside it', async () => {
    const admin = await as('admin');
    const outside = await admin.call('POST', `/api/v1/projects/${projectId}/scans`, { path: '/etc' });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { code: string }).code).toBe('ERR_OSPO_SCAN_ROOT');
    const sneaky = await admin.call('POST', `/api/v1/projects/${projectId}/scans`, {
      path: `${scanRoot}/../`,
    });
    expect(sneaky.status).toBe(403);
    const member = await as('member');
    const refused = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { path: scanRoot });
    expect(refused.status).toBe(403);

    const { accepted, job } = await submitAndFollow(admin, `/api/v1/projects/${projectId}/scans`, {
      path: path.join(scanRoot, 'repo'),
    });
    expect(await accepted.json()).toMatchObject({
      job: { name: 'scan.path', submittedBy: 'user:admin@example.com', error: null },
    });
    expect(job).toMatchObject({ state: 'completed', error: null });
    expect(job.result?.scan).toMatchObject({ packageCount: 3, edgeCount: 4, fileCount: 1, source: 'path' });
    expect(job.progress).toMatchObject({ done: 1, total: 1 });
  });

  it('lets every role read scans, packages and diffs', async () => {
    const viewer = await as('viewer');
    const list = (await (await viewer.call('GET', `/api/v1/projects/rusty/scans`)).json()) as {
      items: { id: string }[];
    };
    expect(list.items).toHaveLength(1);
    const id = list.items[0]?.id ?? '';
    const detail = (await (await viewer.call('GET', `/api/v1/scans/${id}`)).json()) as {
      files: { path: string }[];
    };
    expect(detail.files.map((f) => f.path)).toEqual(['Cargo.lock']);
    const pkgs = (await (await viewer.call('GET', `/api/v1/scans/${id}/packages?limit=2`)).json()) as {
      items: { name: string }[];
      next: string | null;
    };
    expect(pkgs.items.map((p) => p.name)).toEqual(['itoa', 'serde']);
    expect(pkgs.next).not.toBeNull();
    const filtered = await viewer.call('GET', `/api/v1/scans/${id}/packages?ecosystem=npm`);
    expect(((await filtered.json()) as { items: unknown[] }).items).toEqual([]);
    const bad = await viewer.call('GET', `/api/v1/scans/${id}/packages?ecosystem=nonsense`);
    expect(bad.status).toBe(400);
    const diff = await viewer.call('GET', `/api/v1/scans/${id}/diff?against=${id}`);
    expect(await diff.json()).toMatchObject({ added: [], removed: [], changed: [] });
    expect(
      (await viewer.call('POST', `/api/v1/projects/${projectId}/scans`, { path: scanRoot })).status,
    ).toBe(403);
  });

  it('keeps an uploaded SBOM as a scan, for members too, and refuses one it cannot read', async () => {
    const { scanPaths } = await import('../../src/services/inventory/scan.js');
    const { scanExtractors, sbomFormats } = await import('../../src/services/inventory/plugins.js');
    const { reportToInventory, writeSbom } = await import('../../src/services/inventory/sbom.js');
    const report = await scanPaths([path.join(scanRoot, 'repo')], { extractors: scanExtractors });
    const bom = writeSbom(sbomFormats, 'cyclonedx', reportToInventory(report, 'repo'), {
      toolVersion: 'test',
    });

    const member = await as('member');
    const asText = await submitAndFollow(member, `/api/v1/projects/${projectId}/scans`, {
      sbom: bom,
      name: 'bom.cdx.json',
    });
    expect(asText.job.state).toBe('completed');
    expect(asText.job.result?.scan).toMatchObject({ source: 'sbom', packageCount: 3, fileCount: 1 });
    const asObject = await member.call('POST', `/api/v1/projects/${projectId}/scans?wait=true`, {
      sbom: JSON.parse(bom),
    });
    expect(asObject.status, await asObject.clone().text()).toBe(201);
    expect(await asObject.json()).toMatchObject({ source: 'sbom', packageCount: 3 });

    const junk = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { sbom: 'hello' });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as { code: string }).code).toBe('ERR_OSPO_SBOM_FORMAT');
    const neither = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { other: 1 });
    expect(neither.status).toBe(400);
  });

  it('shows a job to whoever submitted it and to admins and the OSPO, and to nobody else', async () => {
    const member = await as('member');
    const { job } = await submitAndFollow(member, `/api/v1/projects/${projectId}/scans`, {
      sbom: cycloneDx('left-pad'),
    });
    const location = `/api/v1/jobs/${job.id}`;
    for (const role of ['admin', 'ospo']) {
      expect((await (await as(role)).call('GET', location)).status, role).toBe(200);
    }
    const viewer = await as('viewer');
    const hidden = await viewer.call('GET', location);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { code: string }).code).toBe('ERR_OSPO_NOT_FOUND');
    expect((await viewer.call('GET', '/api/v1/jobs/not-a-uuid')).status).toBe(404);
    expect((await new Client(app).call('GET', location)).status).toBe(401);

    const own = (await (await member.call('GET', '/api/v1/jobs?limit=2')).json()) as JobPage;
    expect(own.items.map((j) => j.id)[0]).toBe(job.id);
    expect(own.items.every((j) => j.submittedBy === 'user:member@example.com')).toBe(true);
    expect(own.next).not.toBeNull();
    const rest = (await (await member.call('GET', `/api/v1/jobs?cursor=${own.next}`)).json()) as JobPage;
    expect(rest.items.map((j) => j.id)).not.toContain(job.id);
    const all = (await (
      await (await as('admin')).call('GET', '/api/v1/jobs?name=scan.path')
    ).json()) as JobPage;
    expect(all.items.map((j) => j.name)).toEqual(['scan.path']);
    expect(((await (await viewer.call('GET', '/api/v1/jobs')).json()) as JobPage).items).toEqual([]);
  });

  it('fails a job with a coded error when the worker refuses it, and says so to a waiting request', async () => {
    // this server lets a folder be scanned that the worker's own OSPO_SCAN_ROOTS do not include
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-elsewhere-'));
    const lax = createApp({
      store,
      version: 'test',
      storeKind: 'pglite',
      webRoot: null,
      scanRoots: [elsewhere],
      jobs,
    });
    const admin = new Client(lax);
    expect((await admin.login('admin@example.com', PASSWORD)).status).toBe(200);
    const { job } = await submitAndFollow(admin, `/api/v1/projects/${projectId}/scans`, { path: elsewhere });
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'ERR_OSPO_SCAN_ROOT', hint: expect.stringContaining('Allowed') });
    expect(JSON.stringify(job)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    expect(job.result).toBeNull();
    const waited = await admin.call('POST', `/api/v1/projects/${projectId}/scans?wait=true`, {
      path: elsewhere,
    });
    expect(waited.status).toBe(403);
    expect(((await waited.json()) as { code: string }).code).toBe('ERR_OSPO_SCAN_ROOT');
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('answers 503 for scans when the server runs no job queue', async () => {
    const bare = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
    const member = new Client(bare);
    expect((await member.login('member@example.com', PASSWORD)).status).toBe(200);
    const res = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { sbom: cycloneDx('x') });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_OSPO_JOBS_UNAVAILABLE');
  });
});

interface JobPage {
  items: { id: string; name: string; submittedBy: string }[];
  next: string | null;
}

function cycloneDx(name: string) {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [{ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` }],
  };
}
