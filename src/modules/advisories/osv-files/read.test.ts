import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdvisoryDocument } from '../../../core/advisories.js';
import { osvFiles } from './index.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');

async function all(inputs: string[]): Promise<AdvisoryDocument[]> {
  const out: AdvisoryDocument[] = [];
  for await (const doc of osvFiles.read(inputs)) out.push(doc);
  return out;
}

describe('osv-files', () => {
  it('walks a folder in name order, reading only .json files, nested ones too', async () => {
    const docs = await all([path.join(fixtures, 'tree')]);
    expect(docs.map((d) => [d.kind, path.relative(fixtures, d.path)])).toEqual([
      ['record', 'tree/GHSA-fixt-ure0-0001.json'],
      ['record', 'tree/nested/PYSEC-0000-1.json'],
    ]);
    expect(JSON.parse((docs[0] as { text: string }).text).id).toBe('GHSA-fixt-ure0-0001');
  });

  it('reads a single file, and says so for a path that is not there', async () => {
    const docs = await all([
      path.join(fixtures, 'tree/nested/PYSEC-0000-1.json'),
      path.join(fixtures, 'missing'),
    ]);
    expect(docs.map((d) => d.kind)).toEqual(['record', 'skipped']);
    expect(docs[1]).toMatchObject({ code: 'ERR_OSPO_NOT_FOUND' });
  });
});
