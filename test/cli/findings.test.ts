import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

let root: string;
let env: Record<string, string>;

const lock = (deps: Record<string, string>) => ({
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': {
      name: 'shop',
      version: '1.0.0',
      dependencies: Object.fromEntries(Object.keys(deps).map((d) => [d, '*'])),
    },
    ...Object.fromEntries(
      Object.entries(deps).map(([name, version]) => [`node_modules/${name}`, { version, license: 'MIT' }]),
    ),
  },
});

const osv = (id: string, name: string, fixed: string) => ({
  schema_version: '1.6.0',
  id,
  modified: '2026-01-01T00:00:00Z',
  aliases: [`CVE-2026-${id.slice(-4)}`],
  summary: `${name} is broken`,
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
  affected: [
    {
      package: { ecosystem: 'npm', name },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
});

const write = (rel: string, value: unknown) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-findings-'));
  env = { OSPO_DATA_DIR: path.join(root, 'store') };
  write('shop/package-lock.json', lock({ lodash: '4.17.20', 'left-pad': '1.1.0' }));
  write('blog/package-lock.json', lock({ lodash: '4.17.21' }));
  expect((await ospo(['projects', 'create', 'shop'], env)).code).toBe(0);
  expect((await ospo(['projects', 'create', 'blog'], env)).code).toBe(0);
  for (const p of ['shop', 'blog']) {
    const saved = await ospo(['scan', path.join(root, p), '--save', '--project', p], env);
    expect(saved.code, saved.stderr).toBe(0);
  }
  write('osv/a.json', osv('GHSA-test-0001', 'lodash', '4.17.21'));
  write('osv/b.json', osv('GHSA-test-0002', 'left-pad', '1.3.0'));
  const imported = await ospo(['advisories', 'import', path.join(root, 'osv'), '--format', 'json'], env);
  expect(imported.code, imported.stderr).toBe(0);
  expect(JSON.parse(imported.stdout).rematched).toEqual({ scans: 2, findings: 2 }); // both hold lodash; only shop's is affected
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ospo findings, triage, vex and where', () => {
  it('lists the findings saved scans got when advisories arrived', async () => {
    const res = await ospo(['findings', '--format', 'json'], env);
    expect(res.code, res.stderr).toBe(0);
    const page = JSON.parse(res.stdout) as { total: number; items: { projectName: string; name: string }[] };
    expect(page.total).toBe(2);
    expect(page.items.map((f) => `${f.projectName} ${f.name}`).sort()).toEqual([
      'shop left-pad',
      'shop lodash',
    ]);
    const table = await ospo(['findings', '--project', 'shop'], env);
    expect(table.stdout).toMatch(/GHSA-test-0001.*untriaged/);
  });

  it('records a decision and exports it as VEX, and reads a VEX document back', async () => {
    const refused = await ospo(
      ['triage', 'shop', 'pkg:npm/lodash@4.17.20', 'GHSA-test-0001', '-s', 'not_affected'],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_OSPO_TRIAGE_JUSTIFICATION');
    const ok = await ospo(
      [
        'triage',
        'shop',
        'pkg:npm/lodash@4.17.20',
        'CVE-2026-0001',
        '-s',
        'not_affected',
        '-j',
        'code_not_reachable',
      ],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(
      'GHSA-test-0001 in pkg:npm/lodash@4.17.20: not_affected (code_not_reachable)',
    );

    const out = path.join(root, 'shop.cdx.json');
    expect((await ospo(['vex', 'export', '-p', 'shop', '-f', 'cyclonedx', '-o', out], env)).code).toBe(0);
    const cdx = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      vulnerabilities: { id: string; analysis: { state: string } }[];
    };
    expect(cdx.vulnerabilities.map((v) => [v.id, v.analysis.state])).toEqual([
      // same severity and score: by purl
      ['GHSA-test-0002', 'in_triage'],
      ['GHSA-test-0001', 'not_affected'],
    ]);

    // a vendor's CycloneDX VEX says left-pad's issue is resolved for us
    cdx.vulnerabilities = [
      {
        id: 'CVE-2026-0002',
        analysis: { state: 'resolved' },
        affects: [{ ref: 'pkg:npm/left-pad@1.1.0' }],
      } as never,
    ];
    const vendor = write('vendor.cdx.json', cdx);
    const applied = await ospo(['vex', 'import', vendor, '-p', 'shop', '--format', 'json'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).applied).toEqual([
      { purl: 'pkg:npm/left-pad@1.1.0', advisory: 'GHSA-test-0002', state: 'resolved' },
    ]);
    const open = JSON.parse((await ospo(['findings', '--state', 'open', '--format', 'json'], env)).stdout);
    expect(open.total).toBe(0);

    const notVex = write('not-vex.json', { hello: 1 });
    const bad = await ospo(['vex', 'import', notVex, '-p', 'shop'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERR_OSPO_VEX_UNKNOWN_FORMAT');
  });

  it('answers where a package is used, across projects and in a version range', async () => {
    const all = JSON.parse((await ospo(['where', 'lodash', '--format', 'json'], env)).stdout) as {
      projects: number;
      rows: { projectName: string; version: string }[];
    };
    expect(all.rows.map((r) => `${r.projectName} ${r.version}`)).toEqual(['blog 4.17.21', 'shop 4.17.20']);
    const old = await ospo(['where', 'pkg:npm/lodash', '--version-range', '<4.17.21'], env);
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/shop\s+4\.17\.20.*GHSA-test-0001 not_affected/);
    expect(old.stdout).not.toContain('blog');
    const bad = await ospo(['where', 'lodash', '--version-range', '=>1'], env);
    expect(bad.code).toBe(2);
  });
});
