import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/schemas.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { Client } from '../support/http.js';
import { pgliteBackend } from '../support/stores.js';

const PASSWORD = 'a long enough password';
let store: OpenStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let admin: Client;

type AuditPage = { items: AuditEntry[]; next: string | null };

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  app = createApp({ store, version: 'test', storeKind: 'pglite', webRoot: null });
  const local = { kind: 'local', name: 'test' } as const;
  await createUser(store, local, {
    email: 'admin@example.com',
    name: 'Admin',
    role: 'admin',
    password: PASSWORD,
  });
  await createUser(store, local, {
    email: 'legal@example.com',
    name: 'Lee',
    role: 'legal',
    password: PASSWORD,
  });
  admin = new Client(app);
  expect((await admin.login('admin@example.com', PASSWORD)).status).toBe(200);
  for (const name of ['alpha', 'beta', 'gamma']) {
    expect((await admin.call('POST', '/api/v1/projects', { name })).status).toBe(201);
  }
  const waiver = {
    package: 'left-pad',
    reason: 'we ship "as is", really',
    approver: '=HYPERLINK("http://evil.example")',
    expires: '2999-01-01',
  };
  expect((await admin.call('POST', '/api/v1/waivers', waiver)).status).toBe(201);
});
afterAll(async () => {
  await dispose();
});

async function page(query: string): Promise<AuditPage> {
  const res = await admin.call('GET', `/api/v1/audit${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as AuditPage;
}

describe('GET /api/v1/audit', () => {
  it('shows what was done, newest first, filtered by action and actor', async () => {
    const created = await page('?action=project.create');
    expect(created.items.map((e) => e.details.name)).toEqual(['gamma', 'beta', 'alpha']);
    expect(created.items[0]).toMatchObject({ actor: 'user:admin@example.com', targetType: 'project' });
    const sessions = await page('?action=session.*&actor=ADMIN@');
    expect(sessions.items.map((e) => e.action)).toEqual(['session.create']);
    const legal = await page('?actor=legal@');
    expect(legal.items).toEqual([]);
    const one = await page(`?targetType=project&targetId=${created.items[1]?.targetId}`);
    expect(one.items.map((e) => e.details.name)).toEqual(['beta']);
    const future = await page('?since=2999-01-01');
    expect(future.items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await page(`?since=${today}&until=${today}&action=project.create`)).items).toHaveLength(3);
  });

  it('pages with the cursor it hands out', async () => {
    const first = await page('?limit=2&action=project.create');
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = await page(`?limit=2&action=project.create&cursor=${first.next}`);
    expect(second.items.map((e) => e.details.name)).toEqual(['alpha']);
    expect(second.next).toBeNull();
  });

  it('refuses bad filters with coded problems', async () => {
    for (const [query, code] of [
      ['?since=last-week', 'ERR_OSPO_VALIDATION'],
      ['?limit=0', 'ERR_OSPO_VALIDATION'],
      ['?cursor=not-ours', 'ERR_OSPO_CURSOR'],
    ] as const) {
      const res = await admin.call('GET', `/api/v1/audit${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe(code);
    }
  });
});

describe('GET /api/v1/audit/export', () => {
  it('downloads CSV with a header, proper quoting and no formulas', async () => {
    const res = await admin.call('GET', '/api/v1/audit/export?format=csv&targetType=license_waiver');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ospokit-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,targetType,targetId,details');
    expect(lines).toHaveLength(3); // header, the waiver, and the empty string after the last CRLF
    const cells = parseCsvLine(lines[1] ?? '');
    expect(cells.slice(2, 6)).toEqual(['user:admin@example.com', 'waiver.create', 'license_waiver', 'W-1']);
    const details = JSON.parse(cells[6] ?? '') as Record<string, string>;
    expect(details).toMatchObject({
      reason: 'we ship "as is", really',
      approver: '=HYPERLINK("http://evil.example")',
    });
  });

  it('downloads JSON: the same entries as the list, and records the export', async () => {
    const res = await admin.call('GET', '/api/v1/audit/export?format=json&action=project.create');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/filename="ospokit-audit-[\d-]+\.json"/);
    const entries = (await res.json()) as AuditEntry[];
    expect(entries).toEqual((await page('?action=project.create')).items);
    const recorded = await page('?action=audit.export');
    expect(recorded.items[0]).toMatchObject({
      actor: 'user:admin@example.com',
      details: { format: 'json', filter: { action: 'project.create' } },
    });
  });

  it('refuses a bad filter before the download starts', async () => {
    for (const query of ['?format=xlsx', '?until=soon']) {
      const res = await admin.call('GET', `/api/v1/audit/export${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('content-disposition')).toBeNull();
    }
  });
});

/** Just enough of RFC 4180 for one line: quoted fields with doubled quotes. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}
