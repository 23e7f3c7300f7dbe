import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractors } from '../../src/modules/ecosystems/index.js';

const root = path.resolve('src/modules/ecosystems');
const folders = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('ecosystem plug-ins', () => {
  it('are all registered, once each, under their folder name', () => {
    const ids = extractors.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders);
  });

  it.each(folders)('%s has the plug-in folder shape', (folder) => {
    const dir = path.join(root, folder);
    for (const file of ['index.ts', 'extract.ts', 'readme.md', 'extract.test.ts']) {
      expect(fs.existsSync(path.join(dir, file)), `${folder}/${file}`).toBe(true);
    }
    const fixtures = path.join(dir, '__fixtures__');
    expect(fs.existsSync(fixtures) && fs.readdirSync(fixtures).length >= 2, `${folder}/__fixtures__`).toBe(
      true,
    );
    const test = fs.readFileSync(path.join(dir, 'extract.test.ts'), 'utf8');
    expect(test, `${folder} fuzzes its parser`).toContain('fuzzExtractor(');
  });

  it('each decide on paths alone, and no two claim the same well-known file', () => {
    const samples = [
      'Cargo.lock',
      'package-lock.json',
      'yarn.lock',
      'pnpm-lock.yaml',
      'go.mod',
      'poetry.lock',
      'pom.xml',
    ];
    for (const sample of samples) {
      const claimants = extractors.filter((e) => e.matches(sample) || e.matches(`sub/dir/${sample}`));
      expect(claimants.length, sample).toBeLessThanOrEqual(1);
    }
    for (const e of extractors) expect(e.matches('README.md'), e.id).toBe(false);
  });
});
