import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/sources.js';

// Kysely's ES module build costs every store-opening command 110-180 ms to load; src/store/kysely.ts
// gives its values from the CommonJS build. One value imported from 'kysely' anywhere in the sources
// would load the ES module build again.
describe('Kysely in the sources', () => {
  it('is imported for its values only through src/store/kysely.ts', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.resolve('src'))) {
      if (file.endsWith(path.join('store', 'kysely.ts'))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'kysely(-pglite-dialect)?'/g,
      )) {
        const values = (match[2] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '' && !name.startsWith('type '));
        if (!match[1] && values.length > 0)
          offenders.push(`${path.relative('.', file)}: ${values.join(', ')}`);
      }
      if (/import\(\s*'kysely(-pglite-dialect)?'\s*\)/.test(text))
        offenders.push(`${path.relative('.', file)}: import()`);
    }
    expect(offenders).toEqual([]);
  });
});
