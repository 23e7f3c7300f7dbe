import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisorySources } from '../../src/modules/advisories/index.js';

const root = path.resolve('src/modules/advisories');
const folders = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('advisory source plug-ins', () => {
  it('are all registered, once each, under their folder name', () => {
    expect(advisorySources.map((s) => s.id).sort()).toEqual(folders);
    for (const s of advisorySources) expect(Number.isInteger(s.version) && s.version > 0, s.id).toBe(true);
  });

  it.each(folders)('%s has index.ts, readme.md, a test and fixtures', (folder) => {
    const files = fs.readdirSync(path.join(root, folder));
    for (const file of ['index.ts', 'readme.md', '__fixtures__']) expect(files, folder).toContain(file);
    expect(
      files.some((f) => f.endsWith('.test.ts')),
      `${folder} has a test`,
    ).toBe(true);
  });
});
