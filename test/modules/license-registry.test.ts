import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { licenseDetectors } from '../../src/modules/licenses/index.js';

const root = path.resolve('src/modules/licenses');
/** Folders whose index.ts holds a LicenseDetector (registry lookups, a different interface, live here too). */
const folders = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => {
    const index = path.join(root, name, 'index.ts');
    return fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes('satisfies LicenseDetector');
  })
  .sort();

describe('license detector plug-ins', () => {
  it('are all registered, once each, under their folder name', () => {
    const ids = licenseDetectors.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders);
    for (const d of licenseDetectors) expect(Number.isInteger(d.version) && d.version > 0, d.id).toBe(true);
  });

  it.each(folders)('%s has the plug-in folder shape and fuzzes its entry point', (folder) => {
    const dir = path.join(root, folder);
    for (const file of ['index.ts', 'readme.md'])
      expect(fs.existsSync(path.join(dir, file)), `${folder}/${file}`).toBe(true);
    const fixtures = path.join(dir, '__fixtures__');
    expect(fs.existsSync(fixtures) && fs.readdirSync(fixtures).length >= 2, `${folder}/__fixtures__`).toBe(
      true,
    );
    const tests = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
    expect(tests.length, `${folder} tests`).toBeGreaterThan(0);
    const text = tests.map((t) => fs.readFileSync(path.join(dir, t), 'utf8')).join('\n');
    expect(text, `${folder} fuzzes its detector`).toContain('fc.assert(');
  });
});
