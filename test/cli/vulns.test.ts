import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycloneDxValidator } from '../../src/modules/sbom/test-support.js';
import { ospo } from '../support/cli.js';

let root: string;
let env: Record<string, string>;

const osv = (id: string, affected: unknown[], extra: Record<string, unknown> = {}) => ({
  schema_version: '1.6.0',
  id,
  modified: '2024-05-01T00:00:00Z',
  summary: `${id} in a test package`,
  affected,
  ...extra,
});
const npmRange = (name: string, events: Record<string, string>[]) => ({
  package: { ecosystem: 'npm', name },
  ranges: [{ type: 'SEMVER', events }],
});

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-vulns-'));
  env = { OSPO_DATA_DIR: path.join(root, 'store') };
  const advisories = path.join(root, 'osv');
  fs.mkdirSync(advisories);
  const records = [
    // app -> wrapper -> deep@1.2.3: fixed in 1.2.4 and, on an older line, in 1.1.9
    osv(
      'GHSA-aaaa-bbbb-cccc',
      [
        npmRange('deep', [
          { introduced: '0' },
          { fixed: '1.1.9' },
          { introduced: '1.2.0' },
          { fixed: '1.2.4' },
        ]),
      ],
      {
        aliases: ['CVE-2024-0001'],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      },
    ),
    // the same vulnerability from another database: one finding, not two
    osv('OSV-2024-1', [npmRange('deep', [{ introduced: '1.0.0' }, { last_affected: '1.2.3' }])], {
      aliases: ['CVE-2024-0001'],
    }),
    // not affected: wrapper 2.0.0 is past last_affected
    osv('GHSA-dddd-eeee-ffff', [npmRange('wrapper', [{ introduced: '1.0.0' }, { last_affected: '1.9.9' }])]),
    // withdrawn: never matches
    osv('GHSA-gone-gone-gone', [npmRange('wrapper', [{ introduced: '0' }])], {
      withdrawn: '2024-06-01T00:00:00Z',
    }),
    // a prerelease below the fix is affected; medium severity
    osv('GHSA-pppp-qqqq-rrrr', [npmRange('pre', [{ introduced: '0' }, { fixed: '3.0.0' }])], {
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L' }],
    }),
  ];
  for (const r of records) fs.writeFileSync(path.join(advisories, `${r.id}.json`), JSON.stringify(r));
  const imported = await ospo(['advisories', 'import', advisories], env, '', root);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('read 5 documents: 5 new');

  const app = path.join(root, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package-lock.json'),
    JSON.stringify({
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { wrapper: '^2.0.0', pre: '^3.0.0-rc.1' } },
        'node_modules/wrapper': { version: '2.0.0', dependencies: { deep: '^1.2.0' } },
        'node_modules/deep': { version: '1.2.3' },
        'node_modules/pre': { version: '3.0.0-rc.1' },
      },
    }),
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Findings {
  findings: {
    purl: string;
    advisory: string;
    aliases: string[];
    severity: string;
    score: number | null;
    fixed: string[];
    introduced_by: string[][];
  }[];
}

describe('ospo vulns', () => {
  it('matches with exact ranges, groups aliases, gives fixed versions and the paths that bring a package in', async () => {
    const res = await ospo(['vulns', path.join(root, 'app'), '-f', 'json'], env, '', root);
    expect(res.code).toBe(0);
    const { findings } = JSON.parse(res.stdout) as Findings;
    expect(findings.map((f) => [f.purl, f.advisory])).toEqual([
      ['pkg:npm/deep@1.2.3', 'GHSA-aaaa-bbbb-cccc'],
      ['pkg:npm/pre@3.0.0-rc.1', 'GHSA-pppp-qqqq-rrrr'],
    ]);
    const deep = findings[0];
    expect(deep).toMatchObject({
      severity: 'critical',
      score: 9.8,
      fixed: ['1.2.4'],
      aliases: ['CVE-2024-0001', 'OSV-2024-1'],
    });
    expect(deep?.introduced_by).toEqual([['pkg:npm/app@1.0.0', 'pkg:npm/wrapper@2.0.0']]);
    expect(findings[1]?.severity).toBe('medium');
  });

  it('answers from the match index without opening the store, with what the store would answer', async () => {
    const args = ['vulns', path.join(root, 'app'), '-f', 'json'];
    const dataDir = env.OSPO_DATA_DIR as string;
    const lock = path.join(dataDir, 'ospo.lock');
    const index = path.join(dataDir, 'match-index');
    const aside = path.join(root, 'match-index-aside');
    expect(fs.existsSync(path.join(index, 'manifest.json'))).toBe(true);
    // another live process holds the store: a command that opens it is refused, vulns is not
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: os.hostname(), startedAt: 'test' }));
    let viaIndex: Awaited<ReturnType<typeof ospo>>;
    try {
      const refused = await ospo(['projects', 'list'], env, '', root);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/in use|lock/i);
      viaIndex = await ospo(args, env, '', root);
    } finally {
      fs.rmSync(lock, { force: true });
    }
    expect(viaIndex.code).toBe(0);
    expect(viaIndex.stderr).toContain('against 5 advisories');
    // without the index, the store answers the same
    fs.renameSync(index, aside);
    try {
      const viaStore = await ospo(args, env, '', root);
      expect(viaStore.code).toBe(0);
      expect(viaStore.stdout).toBe(viaIndex.stdout);
      expect(viaStore.stderr).toBe(viaIndex.stderr);
    } finally {
      fs.renameSync(aside, index);
    }
  });

  it('exits 1 when a finding reaches --fail-on, 0 below it', async () => {
    const table = await ospo(['vulns', path.join(root, 'app'), '--fail-on', 'high'], env, '', root);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('2 findings (1 critical, 0 high, 1 medium');
    // without wrapper (and so deep), only the medium finding is left
    const medium = path.join(root, 'medium');
    fs.mkdirSync(medium, { recursive: true });
    fs.writeFileSync(
      path.join(medium, 'package-lock.json'),
      JSON.stringify({
        name: 'm',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'm', version: '1.0.0', dependencies: { pre: '^3.0.0-rc.1' } },
          'node_modules/pre': { version: '3.0.0-rc.1' },
        },
      }),
    );
    expect((await ospo(['vulns', medium, '--fail-on', 'high'], env, '', root)).code).toBe(0);
    expect((await ospo(['vulns', medium, '--fail-on', 'medium'], env, '', root)).code).toBe(1);
  });

  it('writes CycloneDX 1.6 VEX that the official schema accepts, and OpenVEX 0.2.0', async () => {
    const cdx = await ospo(['vulns', path.join(root, 'app'), '-f', 'cyclonedx-vex'], env, '', root);
    const bom = JSON.parse(cdx.stdout);
    const validate = cycloneDxValidator('1.6');
    expect(validate(bom), JSON.stringify(validate.errors)).toBe(true);
    expect(bom.vulnerabilities.map((v: { id: string }) => v.id)).toEqual([
      'GHSA-aaaa-bbbb-cccc',
      'GHSA-pppp-qqqq-rrrr',
    ]);
    expect(bom.vulnerabilities[0].ratings[0]).toMatchObject({
      score: 9.8,
      severity: 'critical',
      method: 'CVSSv31',
    });
    const vex = JSON.parse(
      (await ospo(['vulns', path.join(root, 'app'), '-f', 'openvex'], env, '', root)).stdout,
    );
    expect(vex['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(vex.statements[0]).toMatchObject({
      vulnerability: { name: 'GHSA-aaaa-bbbb-cccc' },
      products: [{ subcomponents: [{ '@id': 'pkg:npm/deep@1.2.3' }] }],
      status: 'under_investigation',
    });
  });

  it('writes SARIF with the score as security-severity', async () => {
    const res = await ospo(['vulns', path.join(root, 'app'), '-f', 'sarif'], env, '', root);
    const run = JSON.parse(res.stdout).runs[0];
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['GHSA-aaaa-bbbb-cccc', 'error'],
      ['GHSA-pppp-qqqq-rrrr', 'warning'],
    ]);
    expect(run.tool.driver.rules[0].properties['security-severity']).toBe('9.8');
  });
});
