import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/sources.js';

/**
 * The home page's recent activity words every audit action the server writes; an action without a
 * sentence shows as a raw code. The actions are read from the sources (`action: '...'` in the audit
 * entries services and jobs append), the sentences from ActivityList.tsx.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('recent activity', () => {
  it('has a sentence for every audit action the server writes', () => {
    const written = new Set<string>();
    for (const file of sourceFiles(path.join(root, 'src'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z]+(?:\.[a-z-]+)+)'/g)) {
        written.add(match[1] as string);
      }
    }
    // the users service names its entries through a helper
    for (const match of fs
      .readFileSync(path.join(root, 'src/services/users.ts'), 'utf8')
      .matchAll(/entry\('([a-z]+\.[a-z-]+)'/g)) {
      written.add(match[1] as string);
    }
    expect(written.size).toBeGreaterThan(15);
    const list = fs.readFileSync(path.join(root, 'web/src/home/ActivityList.tsx'), 'utf8');
    const worded = new Set([...list.matchAll(/^\s+'([a-z.-]+)': /gm)].map((m) => m[1] as string));
    expect([...written].filter((action) => !worded.has(action)).sort()).toEqual([]);
  });
});
