import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';
import { startFakeRegistry } from '../support/fake-registry.js';

let root: string;

/** An npm v3 lockfile: app -> wrapper (MIT) -> gpl-lib (GPL-3.0-only); a dual-licensed and a dev package. */
function lockfile(): string {
  return JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    packages: {
      '': {
        name: 'app',
        version: '1.0.0',
        dependencies: { wrapper: '^1.0.0', dual: '^2.0.0', lgpl: '^1.0.0' },
        devDependencies: { 'gpl-tool': '^1.0.0' },
      },
      'node_modules/wrapper': { version: '1.0.0', license: 'MIT', dependencies: { 'gpl-lib': '^3.0.0' } },
      'node_modules/gpl-lib': { version: '3.1.0', license: 'GPL-3.0-only' },
      'node_modules/dual': { version: '2.0.0', license: '(GPL-2.0-only OR MIT)' },
      'node_modules/lgpl': { version: '1.0.0', license: 'LGPL-2.1-only' },
      'node_modules/gpl-tool': { version: '1.0.0', license: 'GPL-3.0-or-later', dev: true },
    },
  });
}

const policy = (extra = '') => `licenses:
  context: distributed-binary
  scopes:
    dev: ignore
${extra}`;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-cli-check-'));
  for (const dir of ['app', 'waived', 'broken', 'empty']) fs.mkdirSync(path.join(root, dir));
  fs.writeFileSync(path.join(root, 'app/package-lock.json'), lockfile());
  fs.writeFileSync(path.join(root, 'app/ospo.yml'), policy());
  fs.writeFileSync(path.join(root, 'waived/package-lock.json'), lockfile());
  fs.writeFileSync(
    path.join(root, 'waived/ospo.yml'),
    policy(`  waivers:
    - id: W-legal-7
      package: gpl-lib
      version: ">=3 <4"
      reason: used only in the optional plug-in, shipped as source
      approver: legal@example.com
      expires: 2999-12-31
`),
  );
  fs.writeFileSync(path.join(root, 'broken/package-lock.json'), lockfile());
  fs.writeFileSync(path.join(root, 'broken/ospo.yml'), 'licenses:\n  context: saas\n  rulez: []\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface JsonReport {
  summary: { packages: number; allow: number; review: number; deny: number; waived: number };
  packages: {
    name: string;
    result: { verdict: string; elected?: string; waived?: string };
    introducedBy?: string[];
  }[];
}

const byName = (report: JsonReport) => Object.fromEntries(report.packages.map((p) => [p.name, p]));

describe('ospo check', () => {
  it('denies GPL brought in transitively, elects MIT from an OR, flags LGPL for review; exit 1', async () => {
    const res = await ospo(['check', path.join(root, 'app'), '-f', 'json'], {}, '', root);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as JsonReport;
    const p = byName(report);
    expect(p['gpl-lib']?.result.verdict).toBe('deny');
    expect(p['gpl-lib']?.introducedBy).toEqual(['pkg:npm/wrapper@1.0.0', 'pkg:npm/gpl-lib@3.1.0']);
    expect(p.dual?.result).toMatchObject({ verdict: 'allow', elected: 'MIT' });
    expect(p.lgpl?.result.verdict).toBe('review');
    expect(p['gpl-tool']?.result.verdict).toBe('allow'); // dev: ignore
    expect(report.summary).toMatchObject({ packages: 5, deny: 1, review: 1 });
    expect(res.stderr).toContain('1 denied, 1 to review');
  });

  it('applies a waiver from the policy file and passes unless asked to fail on review', async () => {
    const res = await ospo(['check', path.join(root, 'waived'), '-f', 'json'], {}, '', root);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as JsonReport;
    expect(byName(report)['gpl-lib']?.result).toMatchObject({ verdict: 'allow', waived: 'W-legal-7' });
    expect(report.summary.waived).toBe(1);
    const strict = await ospo(['check', path.join(root, 'waived'), '--fail-on', 'review'], {}, '', root);
    expect(strict.code).toBe(1);
  });

  it('refuses a policy with an unknown key: exit 2, nothing passes silently', async () => {
    const res = await ospo(['check', path.join(root, 'broken')], {}, '', root);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ERR_OSPO_POLICY_UNKNOWN_KEY');
    expect(res.stdout).toBe('');
  });

  it('writes SARIF 2.1.0 with one result per flagged package, located in the lockfile', async () => {
    const out = path.join(root, 'licenses.sarif');
    const res = await ospo(['check', path.join(root, 'app'), '-f', 'sarif', '-o', out], {}, '', root);
    expect(res.code).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('ospokit');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'ospo/license-denied',
      'ospo/license-review',
    ]);
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['ospo/license-denied', 'error'],
      ['ospo/license-review', 'warning'],
    ]);
    const uri = run.results[0].locations[0].physicalLocation.artifactLocation.uri as string;
    expect(uri.endsWith('app/package-lock.json')).toBe(true);
  });

  it('writes JUnit XML with a failure per flagged package, and Markdown for a pull request', async () => {
    const junit = await ospo(['check', path.join(root, 'app'), '-f', 'junit'], {}, '', root);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0"/);
    expect(junit.stdout).toContain('<testsuites name="ospo check" tests="5" failures="2">');
    expect(junit.stdout.match(/<failure /g)).toHaveLength(2);
    const md = await ospo(['check', path.join(root, 'app'), '-f', 'markdown'], {}, '', root);
    expect(md.stdout).toContain('denied licenses found');
    expect(md.stdout).toMatch(/\| deny \| `gpl-lib@3\.1\.0` \(npm\) \| GPL-3\.0-only \|/);
  });

  it('judges in the context given: GPL passes for an internal project', async () => {
    const res = await ospo(
      ['check', path.join(root, 'app'), '--context', 'internal', '-f', 'json'],
      {},
      '',
      root,
    );
    expect(byName(JSON.parse(res.stdout) as JsonReport)['gpl-lib']?.result.verdict).toBe('allow');
  });

  it('asks a registry (--online) for a package whose files declare no license, and keeps the answer', async () => {
    const dir = path.join(root, 'online');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { mystery: '^2.0.0' } },
          'node_modules/mystery': { version: '2.0.0' },
        },
      }),
    );
    const registry = await startFakeRegistry(dir);
    try {
      registry.route('/mystery/2.0.0', {
        body: JSON.stringify({ name: 'mystery', version: '2.0.0', license: 'AGPL-3.0-only' }),
      });
      const env = { OSPO_DATA_DIR: path.join(root, 'online-store') };
      const args = ['check', dir, '-f', 'json', '--online', '--registry-url', `npm=${registry.origin}`];
      const res = await ospo(args, env, '', root);
      expect(res.stderr).toContain('1 declare licenses');
      const report = JSON.parse(res.stdout) as JsonReport & {
        packages: { registry?: { licenses: string[] } }[];
      };
      expect(report.packages[0]).toMatchObject({
        name: 'mystery',
        registry: { licenses: ['AGPL-3.0-only'] },
      });
      expect(res.code).toBe(1);
      // the second run is answered from the store: no request reaches the registry
      const before = registry.requests.length;
      expect((await ospo(args, env, '', root)).code).toBe(1);
      expect(registry.requests.length).toBe(before);
      // offline, nothing is declared: an unknown license is to review, not denied
      const offline = await ospo(['check', dir, '-f', 'json'], env, '', root);
      expect(byName(JSON.parse(offline.stdout) as JsonReport).mystery?.result.verdict).toBe('review');
    } finally {
      await registry.close();
    }
  });

  it('exits 2 when nothing could be scanned', async () => {
    const res = await ospo(['check', path.join(root, 'empty')], {}, '', root);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ERR_OSPO_NOTHING_SCANNED');
  });
});
