import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecosystems } from '../../src/core/inventory.js';
import { schemeFor } from '../../src/core/versioning.js';
import { versionSchemeFor, versionSchemes } from '../../src/modules/versioning/index.js';

const root = path.resolve('src/modules/versioning');
const folders = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('version scheme plug-ins', () => {
  it('are all registered, once each, under their folder name', () => {
    const ids = versionSchemes.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders);
    for (const s of versionSchemes) expect(Number.isInteger(s.version) && s.version > 0, s.id).toBe(true);
  });

  it.each(folders)('%s has index.ts, readme.md and an ordering.txt', (folder) => {
    for (const file of ['index.ts', 'readme.md', 'ordering.txt']) {
      expect(fs.existsSync(path.join(root, folder, file)), `${folder}/${file}`).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, folder, 'readme.md'), 'utf8')).toMatch(/known gaps/i);
  });

  it('give every inventory ecosystem, and Debian and Alpine, exactly one scheme', () => {
    for (const ecosystem of [...ecosystems, 'Debian', 'Alpine']) {
      const claimants = versionSchemes.filter((s) => (s.ecosystems as readonly string[]).includes(ecosystem));
      expect(
        claimants.map((s) => s.id),
        ecosystem,
      ).toHaveLength(1);
    }
  });

  it('find a scheme by OSV ecosystem, ignoring a :release or :repository suffix', () => {
    expect(versionSchemeFor('PyPI')?.id).toBe('pep440');
    expect(versionSchemeFor('Debian:12')?.id).toBe('debian');
    expect(versionSchemeFor('Alpine:v3.20')?.id).toBe('alpine');
    expect(versionSchemeFor('Maven:https://maven.google.com')?.id).toBe('maven');
    expect(versionSchemeFor('crates.io')?.id).toBe('semver');
    expect(versionSchemeFor('OSS-Fuzz')).toBeNull();
    expect(versionSchemeFor('pypi')).toBeNull();
    expect(schemeFor('npm', [])).toBeNull();
  });
});
