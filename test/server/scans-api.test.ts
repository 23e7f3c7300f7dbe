import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createProject } from '../../src/services/projects.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
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
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null, scanRoots: [scanRoot] });
  const local = { kind: 'local', name: 'test' } as const;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    await createUser(store, local, { email: `${role}@example.com`, name: role, role, password: PASSWORD });
  }
  projectId = (await createProject(store, local, { name: 'rusty' })).id;
});
afterAll(async () => {
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

    const res = await admin.call('POST', `/api/v1/projects/${projectId}/scans`, {
      path: path.join(scanRoot, 'repo'),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ packageCount: 3, edgeCount: 4, fileCount: 1, source: 'path' });
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
    const asText = await member.call('POST', `/api/v1/projects/${projectId}/scans`, {
      sbom: bom,
      name: 'bom.cdx.json',
    });
    expect(asText.status, await asText.clone().text()).toBe(201);
    expect(await asText.json()).toMatchObject({ source: 'sbom', packageCount: 3, fileCount: 1 });
    const asObject = await member.call('POST', `/api/v1/projects/${projectId}/scans`, {
      sbom: JSON.parse(bom),
    });
    expect(asObject.status).toBe(201);

    const junk = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { sbom: 'hello' });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as { code: string }).code).toBe('ERR_OSPO_SBOM_FORMAT');
    const neither = await member.call('POST', `/api/v1/projects/${projectId}/scans`, { other: 1 });
    expect(neither.status).toBe(400);
  });
});
