import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Kysely's ES module build costs every store-opening command 110-180 ms to load; src/store/kysely.ts
// gives its values from the CommonJS build. One value imported from 'kysely' anywhere in the sources
// would load the ES module build again.
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('Kysely in the sources', () => {
  it('is imported for its values only through src/store/kysely.ts', () => {
    const offenders: string[] = [];
    for (const file of sources(path.resolve('src'))) {
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
