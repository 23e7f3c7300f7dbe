import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

const fixtures = path.resolve('src/modules/ecosystems/cargo-lock/__fixtures__');
let root: string;

interface Report {
  packages: { purl: string; licenses: string[] }[];
  dependencies: { from: string; to: string }[];
  files: { path: string; format: string }[];
  errors: unknown[];
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-sbom-'));
  fs.mkdirSync(path.join(root, 'repo'));
  fs.copyFileSync(path.join(fixtures, 'v3-workspace.lock'), path.join(root, 'repo/Cargo.lock'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const scanJson = async (target: string): Promise<Report> => {
  const res = await ospo(['scan', target, '-f', 'json'], {});
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Report;
};

describe('SBOMs in and out', () => {
  it.each(['cyclonedx', 'spdx', 'spdx3'] as const)(
    'writes %s from a scan, and reads every package back',
    async (format) => {
      const out = path.join(root, `out.${format}.json`);
      const res = await ospo(['scan', path.join(root, 'repo'), '--format', format, '-o', out], {});
      expect(res.code, res.stderr).toBe(0);
      const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
      if (format === 'cyclonedx') expect(doc).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      else if (format === 'spdx') expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3' });
      else expect(doc).toMatchObject({ '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld' });
      const original = await scanJson(path.join(root, 'repo'));
      const reread = await scanJson(out); // a file named on the command line is sniffed by content
      expect(reread.files[0]?.format).toBe('sbom');
      expect(reread.packages.map((p) => p.purl)).toEqual(original.packages.map((p) => p.purl));
      // the workspace crates (edge ends that are no package) come back too
      expect(reread.dependencies).toEqual(expect.arrayContaining(original.dependencies));
    },
  );

  it('converts between formats, keeping every package and purl', async () => {
    const cdx = path.join(root, 'bom.cdx.json');
    expect((await ospo(['scan', path.join(root, 'repo'), '-f', 'cyclonedx', '-o', cdx], {})).code).toBe(0);
    const spdx = path.join(root, 'bom.spdx.json');
    const res = await ospo(['sbom', 'convert', cdx, '--format', 'spdx', '-o', spdx], {});
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('converted 3 packages');
    const back = path.join(root, 'back.cdx.json');
    expect(
      (await ospo(['sbom', 'convert', spdx, '-f', 'cyclonedx', '--spec-version', '1.7', '-o', back], {}))
        .code,
    ).toBe(0);
    expect(JSON.parse(fs.readFileSync(back, 'utf8'))).toMatchObject({ specVersion: '1.7' });
    const purls = (await scanJson(back)).packages.map((p) => p.purl);
    expect(purls).toEqual([
      'pkg:cargo/itoa@1.0.9',
      'pkg:cargo/serde@1.0.188',
      'pkg:cargo/serde_derive@1.0.188',
    ]);
  });

  it('finds SBOMs by their conventional names inside a tree', async () => {
    const tree = path.join(root, 'tree');
    fs.mkdirSync(tree);
    expect(
      (
        await ospo(
          ['scan', path.join(root, 'repo'), '-f', 'cyclonedx', '-o', path.join(tree, 'bom.json')],
          {},
        )
      ).code,
    ).toBe(0);
    fs.writeFileSync(path.join(tree, 'other.json'), '{"bomFormat": "CycloneDX"}'); // not an SBOM name: not read
    const report = await scanJson(tree);
    expect(report.files.map((f) => [f.path.endsWith('bom.json'), f.format])).toEqual([[true, 'sbom']]);
    expect(report.packages).toHaveLength(3);
  });

  it('reports an unreadable SBOM and a file that is no SBOM with coded errors', async () => {
    const bad = path.join(root, 'broken.cdx.json');
    fs.writeFileSync(bad, '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [');
    const res = await ospo(['scan', bad, '-f', 'json'], {});
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/\[ERR_OSPO_PARSE/);
    const notSbom = path.join(root, 'notes.txt');
    fs.writeFileSync(notSbom, 'hello');
    const conv = await ospo(['sbom', 'convert', notSbom, '-f', 'spdx'], {});
    expect(conv.code).toBe(2);
    expect(conv.stderr).toContain('[ERR_OSPO_SBOM_FORMAT]');
  });
});
